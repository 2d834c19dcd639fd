// Economic activities (OKED, Kyrgyzstan's classifier built on NACE Rev. 2) with naming words.

/** One activity class, the words companies in it like to put in their names, and its scale. */
export interface ActivityEntry {
  /** OKED class code, `NN.NN`. */
  code: string
  description: string
  /** Second words of company names in this line of business ("Ala-Too Stroy"). */
  words: readonly string[]
  /** Relative frequency among new businesses. */
  weight: number
  /** True for capital-heavy lines usually run as joint-stock companies. */
  large: boolean
  /** False for lines an individual entrepreneur cannot run (banking, mining, power). */
  allowsIndividual: boolean
}

const entry = (
  code: string,
  description: string,
  words: readonly string[],
  weight: number,
  scale: 'small' | 'medium' | 'large' = 'small',
): ActivityEntry => ({
  code,
  description,
  words,
  weight,
  large: scale === 'large',
  allowsIndividual: scale === 'small',
})

export const ACTIVITIES: readonly ActivityEntry[] = [
  entry('01.11', 'Growing of cereals, leguminous crops and oil seeds', ['Agro', 'Dyikan'], 3),
  entry('01.45', 'Raising of sheep and goats', ['Agro', 'Mal', 'Jaiyt'], 2),
  entry('10.51', 'Operation of dairies and cheese making', ['Sut', 'Dairy'], 2, 'medium'),
  entry('10.71', 'Manufacture of bread, fresh pastry goods and cakes', ['Nan', 'Bakery'], 3),
  entry('14.13', 'Manufacture of other outerwear', ['Textile', 'Tigish', 'Fashion'], 6),
  entry('23.61', 'Manufacture of concrete products for construction', ['Beton'], 1, 'medium'),
  entry(
    '41.20',
    'Construction of residential and non-residential buildings',
    ['Stroy'],
    6,
    'medium',
  ),
  entry('45.20', 'Maintenance and repair of motor vehicles', ['Auto', 'Avto Service'], 4),
  entry('46.90', 'Non-specialised wholesale trade', ['Trade', 'Import', 'Distribution'], 9),
  entry('47.11', 'Retail sale in non-specialised stores, food predominating', ['Market'], 9),
  entry('47.71', 'Retail sale of clothing in specialised stores', ['Moda', 'Kiyim'], 4),
  entry('49.41', 'Freight transport by road', ['Trans', 'Logistics', 'Cargo'], 5),
  entry('55.10', 'Hotels and similar accommodation', ['Hotel', 'Guest House'], 2),
  entry('56.10', 'Restaurants and mobile food service activities', ['Kafe', 'Ashkana'], 5),
  entry('62.01', 'Computer programming activities', ['Tech', 'Soft', 'IT'], 3),
  entry('69.20', 'Accounting, bookkeeping and auditing; tax consultancy', ['Audit', 'Consult'], 2),
  entry('79.12', 'Tour operator activities', ['Tour', 'Travel'], 2),
  entry('85.59', 'Other education not elsewhere classified', ['Academy', 'Bilim'], 2),
  entry('86.23', 'Dental practice activities', ['Dent', 'Med'], 2),
  entry('07.29', 'Mining of other non-ferrous metal ores', ['Mining', 'Kench'], 1, 'large'),
  entry('35.11', 'Production of electricity', ['Energo'], 1, 'large'),
  entry('64.92', 'Other credit granting (microfinance)', ['Finance', 'Credit'], 1, 'large'),
]

/** First words of company names: places, mountains and good-luck words common on signboards. */
export const NAME_PREFIXES = [
  'Ala-Too',
  'Ak-Jol',
  'Ak-Sai',
  'Altyn',
  'Arman',
  'Asia',
  'Baatyr',
  'Bereke',
  'Chui',
  'Dostuk',
  'Eurasia',
  'Issyk-Kul',
  'Jibek Jolu',
  'Kelechek',
  'Keremet',
  'Kut',
  'Manas',
  'Naryn',
  'Nur',
  'Ordo',
  'Sapat',
  'Sary-Chelek',
  'Talas',
  'Tash',
  'Tengri',
  'Tulpar',
  'Umai',
  'Yntymak',
  'Zhashyl',
  'Kyrgyz',
] as const
