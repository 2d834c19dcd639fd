// Name tables for the synthetic population: Kyrgyz first names and surnames (Latin transliteration).

export const MALE_FIRST_NAMES = [
  'Aibek', 'Nurlan', 'Bakyt', 'Azamat', 'Temir', 'Almaz', 'Askar', 'Bolot', 'Chyngyz', 'Daniyar',
  'Emil', 'Erlan', 'Ermek', 'Kanat', 'Kubanychbek', 'Maksat', 'Marat', 'Nurbek', 'Ruslan', 'Samat',
  'Talant', 'Tilek', 'Ulan', 'Urmat', 'Adilet', 'Aidar', 'Akylbek', 'Asan', 'Bekzat', 'Beksultan',
  'Dastan', 'Kairat', 'Mirlan', 'Nurdin', 'Omurbek', 'Sultan', 'Timur', 'Zhoomart', 'Erkin',
  'Kuban', 'Medet', 'Nurzhan', 'Salamat', 'Sanzhar', 'Tynchtyk', 'Zhanybek', 'Ilim', 'Arstan',
  'Baktybek', 'Melis', 'Azat', 'Kylych', 'Atabek', 'Eldiyar', 'Islam', 'Nurislam', 'Ulukbek',
] as const

export const FEMALE_FIRST_NAMES = [
  'Aizada', 'Cholpon', 'Asel', 'Gulnara', 'Meerim', 'Aigul', 'Ainura', 'Aida', 'Altynai', 'Aruuke',
  'Begimai', 'Burul', 'Dinara', 'Elmira', 'Gulmira', 'Jyldyz', 'Kanykei', 'Nazira', 'Perizat',
  'Saltanat', 'Aizhan', 'Aikanysh', 'Aiperi', 'Akmaral', 'Asylai', 'Baktygul', 'Elnura', 'Gulzat',
  'Kunduz', 'Mahabat', 'Nargiza', 'Nurgul', 'Sezim', 'Tolgonai', 'Umut', 'Zhamila', 'Zhibek',
  'Zarina', 'Adina', 'Aiganysh', 'Aisuluu', 'Bermet', 'Chynara', 'Kyial', 'Mira', 'Nazgul',
  'Tansuluu', 'Venera', 'Aidana', 'Ayana', 'Elina', 'Malika', 'Nuriza', 'Rysgul', 'Zhazgul',
] as const

/** Surnames in their masculine form; the feminine form adds `-a` (Asanov → Asanova). */
export const SURNAMES = [
  'Asanov', 'Toktogulov', 'Bekmuratov', 'Sadykov', 'Abdyldaev', 'Akmatov', 'Alymkulov',
  'Baiserkeev', 'Baktybekov', 'Borubaev', 'Djumabaev', 'Duishenbiev', 'Esenaliev', 'Ibraimov',
  'Isakov', 'Kadyrov', 'Kasymov', 'Karimov', 'Kenzhebaev', 'Kurmanbekov', 'Mamytov', 'Mambetov',
  'Musaev', 'Nurmatov', 'Omurbekov', 'Osmonov', 'Sarybaev', 'Shamshiev', 'Sultanov', 'Temirov',
  'Tokoev', 'Turgunbaev', 'Usenov', 'Zhumabekov', 'Abdrakhmanov', 'Beishenaliev', 'Chotonov',
  'Dzhaparov', 'Ergeshov', 'Imanaliev', 'Kalykov', 'Kydyraliev', 'Mukashev', 'Nazarov',
  'Orozbekov', 'Sydykov', 'Tursunbekov', 'Zhusupov', 'Aliev', 'Bekov',
] as const
