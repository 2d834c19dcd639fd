// Traffic offences a camera or an inspector fines, with the fine in som (KGS).

/** One offence: a stable code, what was done, the fine and how often it is issued. */
export interface Offence {
  code: string
  description: string
  /** Whole som (KGS). */
  amount: number
  weight: number
}

export const OFFENCES: readonly Offence[] = [
  { code: 'speeding-20-40', description: 'Speeding by 20 to 40 km/h', amount: 3000, weight: 20 },
  { code: 'speeding-40-60', description: 'Speeding by 40 to 60 km/h', amount: 5000, weight: 8 },
  { code: 'speeding-over-60', description: 'Speeding by over 60 km/h', amount: 7500, weight: 2 },
  { code: 'red-light', description: 'Driving through a red light', amount: 5000, weight: 10 },
  { code: 'stop-line', description: 'Stopping beyond the stop line', amount: 1000, weight: 10 },
  { code: 'no-parking', description: 'Parking where it is prohibited', amount: 1000, weight: 20 },
  { code: 'seat-belt', description: 'Driving without a seat belt', amount: 1000, weight: 10 },
  {
    code: 'phone-use',
    description: 'Using a hand-held phone while driving',
    amount: 3000,
    weight: 8,
  },
  {
    code: 'pedestrian-crossing',
    description: 'Not giving way to a pedestrian on a crossing',
    amount: 5000,
    weight: 6,
  },
  { code: 'bus-lane', description: 'Driving in a bus lane', amount: 3000, weight: 6 },
]

export const OFFENCE_CODES = OFFENCES.map((offence) => offence.code)
