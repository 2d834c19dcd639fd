// Place tables for the synthetic population: regions, their towns (weighted by size) and streets.

/** A town with a relative weight (roughly its share of the population) and its share of flats. */
export interface Town {
  region: string
  city: string
  weight: number
  flatShare: number
}

export const TOWNS: readonly Town[] = [
  { region: 'Bishkek', city: 'Bishkek', weight: 30, flatShare: 0.7 },
  { region: 'Osh', city: 'Osh', weight: 10, flatShare: 0.5 },
  { region: 'Chuy Region', city: 'Tokmok', weight: 4, flatShare: 0.3 },
  { region: 'Chuy Region', city: 'Kant', weight: 2, flatShare: 0.2 },
  { region: 'Chuy Region', city: 'Kara-Balta', weight: 3, flatShare: 0.3 },
  { region: 'Issyk-Kul Region', city: 'Karakol', weight: 4, flatShare: 0.3 },
  { region: 'Issyk-Kul Region', city: 'Balykchy', weight: 2, flatShare: 0.2 },
  { region: 'Issyk-Kul Region', city: 'Cholpon-Ata', weight: 1, flatShare: 0.2 },
  { region: 'Naryn Region', city: 'Naryn', weight: 3, flatShare: 0.2 },
  { region: 'Naryn Region', city: 'Kochkor', weight: 1, flatShare: 0.05 },
  { region: 'Talas Region', city: 'Talas', weight: 3, flatShare: 0.2 },
  { region: 'Jalal-Abad Region', city: 'Jalal-Abad', weight: 6, flatShare: 0.4 },
  { region: 'Jalal-Abad Region', city: 'Tash-Kumyr', weight: 1, flatShare: 0.3 },
  { region: 'Jalal-Abad Region', city: 'Kerben', weight: 1, flatShare: 0.1 },
  { region: 'Osh Region', city: 'Uzgen', weight: 3, flatShare: 0.15 },
  { region: 'Osh Region', city: 'Kara-Suu', weight: 2, flatShare: 0.15 },
  { region: 'Batken Region', city: 'Batken', weight: 2, flatShare: 0.2 },
  { region: 'Batken Region', city: 'Kyzyl-Kiya', weight: 2, flatShare: 0.3 },
]

/** Street names common across Kyrgyz towns. */
export const STREETS = [
  'Chui Avenue',
  'Manas Avenue',
  'Zhibek Zholu Avenue',
  'Toktogul Street',
  'Kievskaya Street',
  'Ibraimov Street',
  'Abdrakhmanov Street',
  'Moskovskaya Street',
  'Lenin Street',
  'Frunze Street',
  'Kurmanjan Datka Street',
  'Isanov Street',
  'Gagarin Street',
  'Sovetskaya Street',
  'Shopokov Street',
  'Ak-Buura Street',
  'Tynystanov Street',
  'Togolok Moldo Street',
  'Jusup Balasagyn Street',
  'Aitmatov Street',
  'Lermontov Street',
  'Pushkin Street',
  'Alykulov Street',
  'Masaliev Avenue',
  'Turusbekov Street',
  'Bokonbaev Street',
  'Ozbekistan Street',
  'Kalinin Street',
  'Sayakbai Karalaev Street',
  'Zhukeev-Pudovkin Street',
] as const
