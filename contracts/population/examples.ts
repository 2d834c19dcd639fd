// Example values for the population contract, taken from the default synthetic population.

/** A married man with both parents and three children on record: handy for demos. */
export const EXAMPLE_PIN = '22905199138381'

const summary = (
  pin: string,
  lastName: string,
  firstName: string,
  patronymic: string,
  dateOfBirth: string,
) => ({
  pin,
  lastName,
  firstName,
  patronymic,
  sex: pin.startsWith('1') ? 'female' : 'male',
  dateOfBirth,
  status: 'alive',
})

const SELF = summary(EXAMPLE_PIN, 'Abdrakhmanov', 'Beksultan', 'Zhoomartovich', '1991-05-29')

const ADDRESS = {
  region: 'Bishkek',
  city: 'Bishkek',
  street: 'Togolok Moldo Street',
  house: '43',
  apartment: '128',
  registeredSince: '2013-10-15',
}

export const EXAMPLE_PERSON = {
  ...SELF,
  placeOfBirth: 'Uzgen',
  citizenship: 'KG',
  dateOfDeath: null,
  address: ADDRESS,
  spousePin: '12612199166271',
  parentPins: ['22505196462426', '10506196850101'],
  childPins: ['21109201415598', '20608201713951', '11803202042843'],
}

export const EXAMPLE_FAMILY = {
  pin: EXAMPLE_PIN,
  spouse: summary('12612199166271', 'Abdrakhmanova', 'Kyial', 'Adiletovna', '1991-12-26'),
  parents: [
    summary('22505196462426', 'Abdrakhmanov', 'Zhoomart', 'Erkinovich', '1964-05-25'),
    summary('10506196850101', 'Osmonova', 'Meerim', 'Adiletovna', '1968-06-05'),
  ],
  children: [
    summary('21109201415598', 'Abdrakhmanov', 'Samat', 'Beksultanovich', '2014-09-11'),
    summary('20608201713951', 'Abdrakhmanov', 'Ruslan', 'Beksultanovich', '2017-08-06'),
    summary('11803202042843', 'Abdrakhmanova', 'Mahabat', 'Beksultanovna', '2020-03-18'),
  ],
}

export const EXAMPLE_ADDRESS = { pin: EXAMPLE_PIN, ...ADDRESS }

/** `GET /persons?lastName=Abdrakhmanov&firstName=Beksultan&dateOfBirth=1991-05-29` */
export const EXAMPLE_SEARCH = {
  lastName: 'Abdrakhmanov',
  firstName: 'Beksultan',
  dateOfBirth: '1991-05-29',
}

export const EXAMPLE_PAGE = { items: [SELF], page: 1, limit: 20, total: 1 }
