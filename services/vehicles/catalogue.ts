// Vehicle tables: models seen on Kyrgyz roads, their makers' VIN prefixes, and body colours.

/** Vehicle categories, as on a driving licence (Vienna Convention): moto, car, truck, bus. */
export const VEHICLE_CATEGORIES = ['A', 'B', 'C', 'D'] as const
export type VehicleCategory = (typeof VEHICLE_CATEGORIES)[number]

/** A model with the category it needs, its production years and a relative frequency. */
export interface VehicleModel {
  make: string
  model: string
  category: VehicleCategory
  from: number
  to: number
  weight: number
}

/** World manufacturer identifiers (VIN positions 1–3), one typical WMI per make. */
export const WMI_BY_MAKE: Readonly<Record<string, string>> = {
  Toyota: 'JTD',
  Lexus: 'JTH',
  Honda: 'JHM',
  Nissan: 'JN1',
  Mitsubishi: 'JA3',
  Subaru: 'JF1',
  Mazda: 'JM1',
  Hyundai: 'KMH',
  Kia: 'KNA',
  Daewoo: 'XWB',
  Chevrolet: 'XWB',
  Lada: 'XTA',
  'Mercedes-Benz': 'WDD',
  BMW: 'WBA',
  Volkswagen: 'WVW',
  Audi: 'WAU',
  GAZ: 'X96',
  KAMAZ: 'XTC',
  Isuzu: 'JAL',
  MAN: 'WMA',
  Yutong: 'LZY',
  Yamaha: 'JYA',
}

const model = (
  make: string,
  name: string,
  category: VehicleCategory,
  from: number,
  to: number,
  weight: number,
): VehicleModel => ({ make, model: name, category, from, to, weight })

export const VEHICLE_MODELS: readonly VehicleModel[] = [
  model('Toyota', 'Camry', 'B', 1995, 2024, 10),
  model('Toyota', 'Corolla', 'B', 1995, 2024, 8),
  model('Toyota', 'RAV4', 'B', 1995, 2024, 4),
  model('Toyota', 'Land Cruiser', 'B', 1995, 2024, 3),
  model('Lexus', 'RX', 'B', 1998, 2024, 4),
  model('Lexus', 'GX', 'B', 2003, 2024, 2),
  model('Honda', 'Fit', 'B', 2001, 2020, 8),
  model('Honda', 'Odyssey', 'B', 1995, 2017, 5),
  model('Honda', 'CR-V', 'B', 1997, 2024, 3),
  model('Honda', 'Stream', 'B', 2000, 2014, 3),
  model('Nissan', 'X-Trail', 'B', 2001, 2024, 2),
  model('Mitsubishi', 'Delica', 'B', 1995, 2019, 2),
  model('Subaru', 'Outback', 'B', 2000, 2024, 2),
  model('Mazda', '6', 'B', 2002, 2020, 1),
  model('Hyundai', 'Sonata', 'B', 1998, 2024, 4),
  model('Kia', 'Sportage', 'B', 2005, 2024, 2),
  model('Daewoo', 'Nexia', 'B', 1996, 2016, 4),
  model('Daewoo', 'Matiz', 'B', 1998, 2015, 3),
  model('Chevrolet', 'Cobalt', 'B', 2013, 2024, 3),
  model('Lada', '2107', 'B', 1995, 2012, 3),
  model('Lada', 'Niva', 'B', 1995, 2024, 2),
  model('Mercedes-Benz', 'E-Class', 'B', 1995, 2024, 5),
  model('Mercedes-Benz', 'Sprinter', 'D', 1995, 2024, 3),
  model('BMW', '5 Series', 'B', 1996, 2024, 2),
  model('Volkswagen', 'Passat', 'B', 1995, 2015, 3),
  model('Volkswagen', 'Golf', 'B', 1995, 2015, 2),
  model('Audi', 'A6', 'B', 1995, 2018, 2),
  model('GAZ', 'Gazelle', 'B', 1995, 2024, 2),
  model('KAMAZ', '65115', 'C', 1995, 2024, 2),
  model('Isuzu', 'Elf', 'C', 1995, 2020, 1),
  model('MAN', 'TGS', 'C', 2007, 2024, 1),
  model('Yutong', 'ZK6122', 'D', 2008, 2024, 1),
  model('Honda', 'CB400', 'A', 1995, 2022, 1),
  model('Yamaha', 'YBR125', 'A', 2005, 2024, 1),
]

/** Body colours, repeated by rough frequency so a uniform pick is weighted. */
export const COLOURS: readonly string[] = [
  ...Array<string>(4).fill('white'),
  ...Array<string>(4).fill('silver'),
  ...Array<string>(3).fill('black'),
  ...Array<string>(2).fill('grey'),
  'blue',
  'blue',
  'red',
  'beige',
  'green',
  'brown',
]
