/**
 * North American Numbering Plan data for didops' catalogue: real US and Canadian area
 * codes, each pinned to its state or province and one main city, plus the toll-free codes.
 *
 * Coordinates are city centres rounded to two decimals and LATA numbers are approximate: the
 * sandbox only needs them to look like what Twilio returns and to stay consistent, so a
 * search for `InRegion=CA` or `NearLatLong` behaves believably.
 */

/** One NANP area code (NPA) and the place its numbers are presented as belonging to. */
export interface NanpAreaCode {
  /** Three-digit NPA, e.g. "415". */
  readonly areaCode: string;
  /** Country that owns the NPA. */
  readonly isoCountry: 'US' | 'CA';
  /** Two-letter state, district or province code, e.g. "CA", "DC", "ON". */
  readonly region: string;
  /** Main city served by the NPA. */
  readonly locality: string;
  /** A ZIP or postal code in that city's centre. */
  readonly postalCode: string;
  /** Approximate latitude of the city centre. */
  readonly latitude: number;
  /** Approximate longitude of the city centre. */
  readonly longitude: number;
  /** Rate-center name in the telco style (upper case, at most ten characters). */
  readonly rateCenter: string;
  /** Local Access and Transport Area number (approximate). */
  readonly lata: string;
}

/** Rate centers are short upper-case names in carrier data; derive one from the city. */
function rateCenterFor(city: string): string {
  return city
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .toUpperCase()
    .slice(0, 10)
    .trim();
}

function npa(
  isoCountry: 'US' | 'CA',
  areaCode: string,
  region: string,
  locality: string,
  postalCode: string,
  latitude: number,
  longitude: number,
  lata: string,
): NanpAreaCode {
  return { areaCode, isoCountry, region, locality, postalCode, latitude, longitude, rateCenter: rateCenterFor(locality), lata };
}

const us = (
  areaCode: string,
  region: string,
  locality: string,
  postalCode: string,
  latitude: number,
  longitude: number,
  lata: string,
): NanpAreaCode => npa('US', areaCode, region, locality, postalCode, latitude, longitude, lata);

const ca = (
  areaCode: string,
  region: string,
  locality: string,
  postalCode: string,
  latitude: number,
  longitude: number,
  lata: string,
): NanpAreaCode => npa('CA', areaCode, region, locality, postalCode, latitude, longitude, lata);

/** US geographic area codes with their state (or DC) and main city. */
export const US_AREA_CODES: readonly NanpAreaCode[] = [
  // Alabama
  us('205', 'AL', 'Birmingham', '35203', 33.52, -86.81, '476'),
  us('251', 'AL', 'Mobile', '36602', 30.69, -88.04, '480'),
  us('256', 'AL', 'Huntsville', '35801', 34.73, -86.59, '476'),
  us('334', 'AL', 'Montgomery', '36104', 32.38, -86.3, '477'),
  // Alaska
  us('907', 'AK', 'Anchorage', '99501', 61.22, -149.9, '832'),
  // Arizona
  us('602', 'AZ', 'Phoenix', '85004', 33.45, -112.07, '666'),
  us('480', 'AZ', 'Mesa', '85201', 33.42, -111.83, '666'),
  us('623', 'AZ', 'Glendale', '85301', 33.54, -112.19, '666'),
  us('520', 'AZ', 'Tucson', '85701', 32.22, -110.97, '668'),
  us('928', 'AZ', 'Flagstaff', '86001', 35.2, -111.65, '666'),
  // Arkansas
  us('501', 'AR', 'Little Rock', '72201', 34.75, -92.29, '528'),
  us('479', 'AR', 'Fort Smith', '72901', 35.39, -94.4, '526'),
  us('870', 'AR', 'Jonesboro', '72401', 35.84, -90.7, '528'),
  // California
  us('213', 'CA', 'Los Angeles', '90012', 34.05, -118.24, '730'),
  us('323', 'CA', 'Los Angeles', '90028', 34.1, -118.33, '730'),
  us('310', 'CA', 'Santa Monica', '90401', 34.02, -118.49, '730'),
  us('818', 'CA', 'Burbank', '91502', 34.18, -118.31, '730'),
  us('626', 'CA', 'Pasadena', '91101', 34.15, -118.14, '730'),
  us('562', 'CA', 'Long Beach', '90802', 33.77, -118.19, '730'),
  us('714', 'CA', 'Anaheim', '92805', 33.84, -117.91, '730'),
  us('949', 'CA', 'Irvine', '92614', 33.68, -117.83, '730'),
  us('805', 'CA', 'Santa Barbara', '93101', 34.42, -119.7, '730'),
  us('661', 'CA', 'Bakersfield', '93301', 35.37, -119.02, '730'),
  us('909', 'CA', 'San Bernardino', '92401', 34.11, -117.29, '730'),
  us('951', 'CA', 'Riverside', '92501', 33.98, -117.37, '730'),
  us('760', 'CA', 'Palm Springs', '92262', 33.83, -116.55, '732'),
  us('619', 'CA', 'San Diego', '92101', 32.72, -117.16, '732'),
  us('858', 'CA', 'San Diego', '92121', 32.9, -117.2, '732'),
  us('415', 'CA', 'San Francisco', '94102', 37.77, -122.42, '722'),
  us('628', 'CA', 'San Francisco', '94103', 37.77, -122.41, '722'),
  us('510', 'CA', 'Oakland', '94612', 37.8, -122.27, '722'),
  us('650', 'CA', 'Palo Alto', '94301', 37.44, -122.14, '722'),
  us('408', 'CA', 'San Jose', '95113', 37.34, -121.89, '722'),
  us('669', 'CA', 'San Jose', '95112', 37.35, -121.88, '722'),
  us('925', 'CA', 'Walnut Creek', '94596', 37.91, -122.06, '722'),
  us('707', 'CA', 'Santa Rosa', '95404', 38.44, -122.71, '722'),
  us('831', 'CA', 'Santa Cruz', '95060', 36.97, -122.03, '722'),
  us('916', 'CA', 'Sacramento', '95814', 38.58, -121.49, '726'),
  us('209', 'CA', 'Stockton', '95202', 37.96, -121.29, '726'),
  us('559', 'CA', 'Fresno', '93721', 36.74, -119.79, '729'),
  us('530', 'CA', 'Chico', '95928', 39.73, -121.84, '724'),
  // Colorado
  us('303', 'CO', 'Denver', '80202', 39.74, -104.99, '656'),
  us('720', 'CO', 'Denver', '80203', 39.73, -104.98, '656'),
  us('719', 'CO', 'Colorado Springs', '80903', 38.83, -104.82, '656'),
  us('970', 'CO', 'Fort Collins', '80521', 40.59, -105.08, '656'),
  // Connecticut
  us('203', 'CT', 'New Haven', '06510', 41.31, -72.92, '920'),
  us('475', 'CT', 'Bridgeport', '06604', 41.18, -73.19, '920'),
  us('860', 'CT', 'Hartford', '06103', 41.76, -72.67, '920'),
  // Delaware
  us('302', 'DE', 'Wilmington', '19801', 39.74, -75.55, '238'),
  // District of Columbia
  us('202', 'DC', 'Washington', '20001', 38.9, -77.04, '236'),
  // Florida
  us('305', 'FL', 'Miami', '33130', 25.77, -80.19, '460'),
  us('786', 'FL', 'Miami', '33131', 25.76, -80.19, '460'),
  us('954', 'FL', 'Fort Lauderdale', '33301', 26.12, -80.14, '460'),
  us('561', 'FL', 'West Palm Beach', '33401', 26.71, -80.05, '460'),
  us('772', 'FL', 'Port St. Lucie', '34952', 27.29, -80.35, '460'),
  us('407', 'FL', 'Orlando', '32801', 28.54, -81.38, '458'),
  us('321', 'FL', 'Melbourne', '32901', 28.08, -80.61, '458'),
  us('386', 'FL', 'Daytona Beach', '32114', 29.21, -81.02, '458'),
  us('813', 'FL', 'Tampa', '33602', 27.95, -82.46, '952'),
  us('727', 'FL', 'St. Petersburg', '33701', 27.77, -82.64, '952'),
  us('863', 'FL', 'Lakeland', '33801', 28.04, -81.95, '952'),
  us('941', 'FL', 'Sarasota', '34236', 27.34, -82.53, '939'),
  us('239', 'FL', 'Fort Myers', '33901', 26.64, -81.87, '939'),
  us('904', 'FL', 'Jacksonville', '32202', 30.33, -81.66, '452'),
  us('352', 'FL', 'Gainesville', '32601', 29.65, -82.32, '454'),
  us('850', 'FL', 'Tallahassee', '32301', 30.44, -84.28, '448'),
  // Georgia
  us('404', 'GA', 'Atlanta', '30303', 33.75, -84.39, '438'),
  us('678', 'GA', 'Atlanta', '30308', 33.77, -84.38, '438'),
  us('470', 'GA', 'Atlanta', '30309', 33.79, -84.39, '438'),
  us('770', 'GA', 'Marietta', '30060', 33.95, -84.55, '438'),
  us('706', 'GA', 'Augusta', '30901', 33.47, -81.97, '440'),
  us('912', 'GA', 'Savannah', '31401', 32.08, -81.09, '444'),
  us('478', 'GA', 'Macon', '31201', 32.84, -83.63, '442'),
  us('229', 'GA', 'Albany', '31701', 31.58, -84.16, '446'),
  // Hawaii
  us('808', 'HI', 'Honolulu', '96813', 21.31, -157.86, '834'),
  // Idaho
  us('208', 'ID', 'Boise', '83702', 43.62, -116.2, '652'),
  us('986', 'ID', 'Boise', '83706', 43.59, -116.19, '652'),
  // Illinois
  us('312', 'IL', 'Chicago', '60602', 41.88, -87.63, '358'),
  us('773', 'IL', 'Chicago', '60614', 41.92, -87.65, '358'),
  us('872', 'IL', 'Chicago', '60601', 41.89, -87.62, '358'),
  us('630', 'IL', 'Naperville', '60540', 41.77, -88.15, '358'),
  us('847', 'IL', 'Evanston', '60201', 42.05, -87.69, '358'),
  us('224', 'IL', 'Elgin', '60120', 42.04, -88.28, '358'),
  us('708', 'IL', 'Oak Lawn', '60453', 41.71, -87.75, '358'),
  us('815', 'IL', 'Rockford', '61101', 42.27, -89.09, '364'),
  us('309', 'IL', 'Peoria', '61602', 40.69, -89.59, '366'),
  us('217', 'IL', 'Springfield', '62701', 39.8, -89.65, '370'),
  us('618', 'IL', 'Belleville', '62220', 38.52, -89.98, '520'),
  // Indiana
  us('317', 'IN', 'Indianapolis', '46204', 39.77, -86.16, '336'),
  us('463', 'IN', 'Indianapolis', '46225', 39.76, -86.16, '336'),
  us('219', 'IN', 'Gary', '46402', 41.6, -87.34, '337'),
  us('260', 'IN', 'Fort Wayne', '46802', 41.08, -85.14, '330'),
  us('574', 'IN', 'South Bend', '46601', 41.68, -86.25, '334'),
  us('765', 'IN', 'Lafayette', '47901', 40.42, -86.88, '336'),
  us('812', 'IN', 'Evansville', '47708', 37.97, -87.57, '338'),
  // Iowa
  us('515', 'IA', 'Des Moines', '50309', 41.59, -93.62, '632'),
  us('319', 'IA', 'Cedar Rapids', '52401', 41.98, -91.67, '634'),
  us('563', 'IA', 'Davenport', '52801', 41.52, -90.58, '634'),
  us('641', 'IA', 'Mason City', '50401', 43.15, -93.2, '632'),
  us('712', 'IA', 'Sioux City', '51101', 42.5, -96.4, '635'),
  // Kansas
  us('316', 'KS', 'Wichita', '67202', 37.69, -97.34, '532'),
  us('785', 'KS', 'Topeka', '66603', 39.05, -95.68, '534'),
  us('913', 'KS', 'Overland Park', '66210', 38.98, -94.67, '524'),
  us('620', 'KS', 'Dodge City', '67801', 37.75, -100.02, '532'),
  // Kentucky
  us('502', 'KY', 'Louisville', '40202', 38.25, -85.76, '462'),
  us('859', 'KY', 'Lexington', '40507', 38.05, -84.5, '464'),
  us('606', 'KY', 'Ashland', '41101', 38.48, -82.64, '464'),
  us('270', 'KY', 'Bowling Green', '42101', 36.99, -86.44, '462'),
  // Louisiana
  us('504', 'LA', 'New Orleans', '70112', 29.95, -90.07, '490'),
  us('985', 'LA', 'Houma', '70360', 29.6, -90.72, '490'),
  us('225', 'LA', 'Baton Rouge', '70801', 30.45, -91.19, '492'),
  us('337', 'LA', 'Lafayette', '70501', 30.22, -92.02, '488'),
  us('318', 'LA', 'Shreveport', '71101', 32.53, -93.75, '486'),
  // Maine
  us('207', 'ME', 'Portland', '04101', 43.66, -70.26, '120'),
  // Maryland
  us('410', 'MD', 'Baltimore', '21202', 39.29, -76.61, '238'),
  us('443', 'MD', 'Baltimore', '21201', 39.29, -76.62, '238'),
  us('301', 'MD', 'Bethesda', '20814', 38.98, -77.1, '236'),
  us('240', 'MD', 'Rockville', '20850', 39.08, -77.15, '236'),
  // Massachusetts
  us('617', 'MA', 'Boston', '02108', 42.36, -71.06, '128'),
  us('857', 'MA', 'Boston', '02110', 42.36, -71.05, '128'),
  us('781', 'MA', 'Waltham', '02451', 42.38, -71.24, '128'),
  us('339', 'MA', 'Lynn', '01901', 42.47, -70.95, '128'),
  us('978', 'MA', 'Lowell', '01852', 42.63, -71.32, '128'),
  us('508', 'MA', 'Worcester', '01608', 42.26, -71.8, '126'),
  us('774', 'MA', 'Worcester', '01609', 42.27, -71.81, '126'),
  us('413', 'MA', 'Springfield', '01103', 42.1, -72.59, '126'),
  // Michigan
  us('313', 'MI', 'Detroit', '48226', 42.33, -83.05, '340'),
  us('248', 'MI', 'Troy', '48084', 42.61, -83.15, '340'),
  us('734', 'MI', 'Ann Arbor', '48104', 42.28, -83.74, '340'),
  us('586', 'MI', 'Warren', '48093', 42.51, -83.01, '340'),
  us('616', 'MI', 'Grand Rapids', '49503', 42.96, -85.67, '344'),
  us('517', 'MI', 'Lansing', '48933', 42.73, -84.56, '346'),
  us('810', 'MI', 'Flint', '48502', 43.01, -83.69, '342'),
  us('269', 'MI', 'Kalamazoo', '49007', 42.29, -85.59, '348'),
  us('989', 'MI', 'Saginaw', '48607', 43.42, -83.95, '342'),
  us('231', 'MI', 'Traverse City', '49684', 44.76, -85.62, '344'),
  us('906', 'MI', 'Marquette', '49855', 46.55, -87.4, '352'),
  // Minnesota
  us('612', 'MN', 'Minneapolis', '55401', 44.98, -93.27, '628'),
  us('651', 'MN', 'Saint Paul', '55102', 44.95, -93.09, '628'),
  us('763', 'MN', 'Plymouth', '55441', 45.01, -93.46, '628'),
  us('952', 'MN', 'Bloomington', '55420', 44.84, -93.3, '628'),
  us('507', 'MN', 'Rochester', '55901', 44.02, -92.47, '620'),
  us('218', 'MN', 'Duluth', '55802', 46.79, -92.1, '624'),
  us('320', 'MN', 'St. Cloud', '56301', 45.56, -94.16, '626'),
  // Mississippi
  us('601', 'MS', 'Jackson', '39201', 32.3, -90.18, '482'),
  us('769', 'MS', 'Jackson', '39202', 32.31, -90.18, '482'),
  us('228', 'MS', 'Gulfport', '39501', 30.37, -89.09, '484'),
  us('662', 'MS', 'Tupelo', '38804', 34.26, -88.7, '482'),
  // Missouri
  us('314', 'MO', 'St. Louis', '63101', 38.63, -90.2, '520'),
  us('636', 'MO', 'St. Charles', '63301', 38.79, -90.48, '520'),
  us('816', 'MO', 'Kansas City', '64106', 39.1, -94.58, '524'),
  us('417', 'MO', 'Springfield', '65806', 37.21, -93.29, '522'),
  us('573', 'MO', 'Columbia', '65201', 38.95, -92.33, '521'),
  us('660', 'MO', 'Sedalia', '65301', 38.7, -93.23, '524'),
  // Montana
  us('406', 'MT', 'Billings', '59101', 45.78, -108.5, '648'),
  // Nebraska
  us('402', 'NE', 'Omaha', '68102', 41.26, -95.94, '644'),
  us('531', 'NE', 'Omaha', '68131', 41.26, -95.96, '644'),
  us('308', 'NE', 'North Platte', '69101', 41.12, -100.77, '646'),
  // Nevada
  us('702', 'NV', 'Las Vegas', '89101', 36.17, -115.14, '721'),
  us('725', 'NV', 'Las Vegas', '89102', 36.15, -115.18, '721'),
  us('775', 'NV', 'Reno', '89501', 39.53, -119.81, '720'),
  // New Hampshire
  us('603', 'NH', 'Manchester', '03101', 42.99, -71.46, '122'),
  // New Jersey
  us('201', 'NJ', 'Jersey City', '07302', 40.72, -74.05, '224'),
  us('551', 'NJ', 'Hackensack', '07601', 40.89, -74.04, '224'),
  us('973', 'NJ', 'Newark', '07102', 40.74, -74.17, '224'),
  us('862', 'NJ', 'Paterson', '07505', 40.92, -74.17, '224'),
  us('908', 'NJ', 'Elizabeth', '07201', 40.66, -74.21, '224'),
  us('732', 'NJ', 'New Brunswick', '08901', 40.49, -74.45, '224'),
  us('848', 'NJ', 'Toms River', '08753', 39.95, -74.2, '224'),
  us('609', 'NJ', 'Trenton', '08608', 40.22, -74.76, '222'),
  us('856', 'NJ', 'Camden', '08102', 39.93, -75.12, '222'),
  // New Mexico
  us('505', 'NM', 'Albuquerque', '87102', 35.08, -106.65, '664'),
  us('575', 'NM', 'Las Cruces', '88001', 32.31, -106.78, '664'),
  // New York
  us('212', 'NY', 'New York', '10007', 40.71, -74.01, '132'),
  us('646', 'NY', 'New York', '10016', 40.75, -73.98, '132'),
  us('332', 'NY', 'New York', '10001', 40.75, -74.0, '132'),
  us('917', 'NY', 'New York', '10019', 40.77, -73.99, '132'),
  us('718', 'NY', 'Brooklyn', '11201', 40.69, -73.99, '132'),
  us('347', 'NY', 'Bronx', '10451', 40.82, -73.92, '132'),
  us('929', 'NY', 'Queens', '11101', 40.74, -73.94, '132'),
  us('516', 'NY', 'Hempstead', '11550', 40.71, -73.62, '132'),
  us('631', 'NY', 'Huntington', '11743', 40.87, -73.43, '132'),
  us('914', 'NY', 'White Plains', '10601', 41.03, -73.76, '132'),
  us('845', 'NY', 'Poughkeepsie', '12601', 41.7, -73.92, '132'),
  us('518', 'NY', 'Albany', '12207', 42.65, -73.76, '134'),
  us('315', 'NY', 'Syracuse', '13202', 43.05, -76.15, '136'),
  us('607', 'NY', 'Binghamton', '13901', 42.1, -75.91, '136'),
  us('585', 'NY', 'Rochester', '14604', 43.16, -77.61, '138'),
  us('716', 'NY', 'Buffalo', '14202', 42.89, -78.88, '140'),
  // North Carolina
  us('704', 'NC', 'Charlotte', '28202', 35.23, -80.84, '422'),
  us('980', 'NC', 'Charlotte', '28203', 35.21, -80.86, '422'),
  us('919', 'NC', 'Raleigh', '27601', 35.78, -78.64, '426'),
  us('984', 'NC', 'Durham', '27701', 35.99, -78.9, '426'),
  us('336', 'NC', 'Greensboro', '27401', 36.07, -79.79, '424'),
  us('910', 'NC', 'Fayetteville', '28301', 35.05, -78.88, '428'),
  us('828', 'NC', 'Asheville', '28801', 35.6, -82.55, '420'),
  us('252', 'NC', 'Greenville', '27834', 35.61, -77.37, '426'),
  // North Dakota
  us('701', 'ND', 'Fargo', '58102', 46.88, -96.79, '636'),
  // Ohio
  us('216', 'OH', 'Cleveland', '44113', 41.5, -81.69, '320'),
  us('440', 'OH', 'Elyria', '44035', 41.37, -82.11, '320'),
  us('330', 'OH', 'Akron', '44308', 41.08, -81.52, '325'),
  us('234', 'OH', 'Youngstown', '44503', 41.1, -80.65, '325'),
  us('614', 'OH', 'Columbus', '43215', 39.96, -83.0, '324'),
  us('380', 'OH', 'Columbus', '43201', 39.99, -83.0, '324'),
  us('740', 'OH', 'Athens', '45701', 39.33, -82.1, '324'),
  us('513', 'OH', 'Cincinnati', '45202', 39.1, -84.51, '922'),
  us('937', 'OH', 'Dayton', '45402', 39.76, -84.19, '328'),
  us('419', 'OH', 'Toledo', '43604', 41.65, -83.54, '326'),
  us('567', 'OH', 'Toledo', '43602', 41.65, -83.55, '326'),
  // Oklahoma
  us('405', 'OK', 'Oklahoma City', '73102', 35.47, -97.52, '536'),
  us('918', 'OK', 'Tulsa', '74103', 36.15, -95.99, '538'),
  us('539', 'OK', 'Tulsa', '74119', 36.14, -95.99, '538'),
  us('580', 'OK', 'Lawton', '73501', 34.6, -98.39, '536'),
  // Oregon
  us('503', 'OR', 'Portland', '97204', 45.52, -122.68, '672'),
  us('971', 'OR', 'Portland', '97205', 45.52, -122.69, '672'),
  us('541', 'OR', 'Eugene', '97401', 44.05, -123.09, '670'),
  us('458', 'OR', 'Bend', '97701', 44.06, -121.31, '670'),
  // Pennsylvania
  us('215', 'PA', 'Philadelphia', '19107', 39.95, -75.16, '228'),
  us('267', 'PA', 'Philadelphia', '19103', 39.95, -75.17, '228'),
  us('610', 'PA', 'Allentown', '18101', 40.6, -75.47, '230'),
  us('484', 'PA', 'Reading', '19601', 40.34, -75.93, '230'),
  us('412', 'PA', 'Pittsburgh', '15222', 40.44, -80.0, '234'),
  us('878', 'PA', 'Pittsburgh', '15219', 40.44, -79.99, '234'),
  us('724', 'PA', 'Washington', '15301', 40.17, -80.25, '234'),
  us('717', 'PA', 'Harrisburg', '17101', 40.26, -76.88, '226'),
  us('570', 'PA', 'Scranton', '18503', 41.41, -75.66, '232'),
  us('814', 'PA', 'Erie', '16501', 42.13, -80.08, '232'),
  // Rhode Island
  us('401', 'RI', 'Providence', '02903', 41.82, -71.41, '130'),
  // South Carolina
  us('803', 'SC', 'Columbia', '29201', 34.0, -81.03, '434'),
  us('843', 'SC', 'Charleston', '29401', 32.78, -79.93, '432'),
  us('854', 'SC', 'Charleston', '29403', 32.8, -79.95, '432'),
  us('864', 'SC', 'Greenville', '29601', 34.85, -82.4, '430'),
  // South Dakota
  us('605', 'SD', 'Sioux Falls', '57104', 43.55, -96.73, '640'),
  // Tennessee
  us('615', 'TN', 'Nashville', '37203', 36.16, -86.78, '470'),
  us('629', 'TN', 'Nashville', '37201', 36.17, -86.78, '470'),
  us('931', 'TN', 'Clarksville', '37040', 36.53, -87.36, '470'),
  us('901', 'TN', 'Memphis', '38103', 35.15, -90.05, '468'),
  us('731', 'TN', 'Jackson', '38301', 35.61, -88.81, '468'),
  us('865', 'TN', 'Knoxville', '37902', 35.96, -83.92, '474'),
  us('423', 'TN', 'Chattanooga', '37402', 35.05, -85.31, '472'),
  // Texas
  us('214', 'TX', 'Dallas', '75201', 32.78, -96.8, '552'),
  us('469', 'TX', 'Dallas', '75202', 32.78, -96.81, '552'),
  us('972', 'TX', 'Irving', '75061', 32.81, -96.95, '552'),
  us('945', 'TX', 'Dallas', '75204', 32.8, -96.79, '552'),
  us('817', 'TX', 'Fort Worth', '76102', 32.76, -97.33, '552'),
  us('682', 'TX', 'Arlington', '76010', 32.74, -97.11, '552'),
  us('940', 'TX', 'Denton', '76201', 33.21, -97.13, '552'),
  us('713', 'TX', 'Houston', '77002', 29.76, -95.37, '560'),
  us('281', 'TX', 'Houston', '77090', 30.01, -95.45, '560'),
  us('832', 'TX', 'Houston', '77003', 29.75, -95.35, '560'),
  us('346', 'TX', 'Houston', '77004', 29.73, -95.36, '560'),
  us('409', 'TX', 'Beaumont', '77701', 30.08, -94.1, '562'),
  us('936', 'TX', 'Conroe', '77301', 30.31, -95.46, '560'),
  us('979', 'TX', 'College Station', '77840', 30.63, -96.33, '560'),
  us('512', 'TX', 'Austin', '78701', 30.27, -97.74, '558'),
  us('737', 'TX', 'Austin', '78702', 30.26, -97.72, '558'),
  us('210', 'TX', 'San Antonio', '78205', 29.42, -98.49, '566'),
  us('726', 'TX', 'San Antonio', '78204', 29.41, -98.5, '566'),
  us('830', 'TX', 'New Braunfels', '78130', 29.7, -98.12, '566'),
  us('361', 'TX', 'Corpus Christi', '78401', 27.8, -97.4, '564'),
  us('956', 'TX', 'Laredo', '78040', 27.51, -99.51, '568'),
  us('915', 'TX', 'El Paso', '79901', 31.76, -106.49, '540'),
  us('806', 'TX', 'Lubbock', '79401', 33.58, -101.86, '546'),
  us('432', 'TX', 'Midland', '79701', 32.0, -102.08, '548'),
  us('325', 'TX', 'Abilene', '79601', 32.45, -99.73, '550'),
  us('254', 'TX', 'Waco', '76701', 31.55, -97.15, '554'),
  us('903', 'TX', 'Tyler', '75701', 32.35, -95.3, '556'),
  // Utah
  us('801', 'UT', 'Salt Lake City', '84101', 40.76, -111.89, '660'),
  us('385', 'UT', 'Salt Lake City', '84111', 40.76, -111.88, '660'),
  us('435', 'UT', 'St. George', '84770', 37.1, -113.58, '660'),
  // Vermont
  us('802', 'VT', 'Burlington', '05401', 44.48, -73.21, '124'),
  // Virginia
  us('703', 'VA', 'Arlington', '22201', 38.88, -77.1, '236'),
  us('571', 'VA', 'Alexandria', '22314', 38.8, -77.05, '236'),
  us('804', 'VA', 'Richmond', '23219', 37.54, -77.44, '248'),
  us('757', 'VA', 'Norfolk', '23510', 36.85, -76.29, '252'),
  us('540', 'VA', 'Roanoke', '24011', 37.27, -79.94, '246'),
  us('434', 'VA', 'Lynchburg', '24504', 37.41, -79.14, '250'),
  us('276', 'VA', 'Bristol', '24201', 36.6, -82.19, '244'),
  // Washington
  us('206', 'WA', 'Seattle', '98101', 47.61, -122.33, '674'),
  us('253', 'WA', 'Tacoma', '98402', 47.25, -122.44, '674'),
  us('425', 'WA', 'Bellevue', '98004', 47.61, -122.2, '674'),
  us('360', 'WA', 'Olympia', '98501', 47.04, -122.9, '674'),
  us('564', 'WA', 'Vancouver', '98660', 45.64, -122.66, '672'),
  us('509', 'WA', 'Spokane', '99201', 47.66, -117.43, '676'),
  // West Virginia
  us('304', 'WV', 'Charleston', '25301', 38.35, -81.63, '244'),
  us('681', 'WV', 'Huntington', '25701', 38.42, -82.44, '244'),
  // Wisconsin
  us('414', 'WI', 'Milwaukee', '53202', 43.04, -87.91, '354'),
  us('262', 'WI', 'Waukesha', '53186', 43.01, -88.23, '354'),
  us('608', 'WI', 'Madison', '53703', 43.07, -89.4, '350'),
  us('920', 'WI', 'Green Bay', '54301', 44.51, -88.01, '352'),
  us('715', 'WI', 'Eau Claire', '54701', 44.81, -91.5, '356'),
  // Wyoming
  us('307', 'WY', 'Cheyenne', '82001', 41.14, -104.82, '654'),
];

/** Canadian geographic area codes with their province or territory and main city. */
export const CA_AREA_CODES: readonly NanpAreaCode[] = [
  // Alberta
  ca('403', 'AB', 'Calgary', 'T2P 1J9', 51.05, -114.07, '886'),
  ca('587', 'AB', 'Calgary', 'T2G 0P6', 51.04, -114.06, '886'),
  ca('780', 'AB', 'Edmonton', 'T5J 0N3', 53.54, -113.49, '886'),
  ca('825', 'AB', 'Edmonton', 'T5K 2J1', 53.54, -113.51, '886'),
  // British Columbia
  ca('604', 'BC', 'Vancouver', 'V6B 1A1', 49.28, -123.12, '888'),
  ca('778', 'BC', 'Vancouver', 'V6C 1X5', 49.29, -123.11, '888'),
  ca('236', 'BC', 'Surrey', 'V3T 1V8', 49.19, -122.85, '888'),
  ca('250', 'BC', 'Victoria', 'V8W 1P6', 48.43, -123.37, '888'),
  ca('672', 'BC', 'Kelowna', 'V1Y 6H2', 49.89, -119.5, '888'),
  // Manitoba
  ca('204', 'MB', 'Winnipeg', 'R3C 4A5', 49.9, -97.14, '882'),
  ca('431', 'MB', 'Winnipeg', 'R3B 0J7', 49.9, -97.13, '882'),
  // New Brunswick
  ca('506', 'NB', 'Moncton', 'E1C 1E1', 46.09, -64.78, '838'),
  // Newfoundland and Labrador
  ca('709', 'NL', "St. John's", 'A1C 5M2', 47.56, -52.71, '832'),
  // Nova Scotia
  ca('902', 'NS', 'Halifax', 'B3J 3A5', 44.65, -63.57, '836'),
  // Prince Edward Island (782 overlays 902 across the Maritimes)
  ca('782', 'PE', 'Charlottetown', 'C1A 4P3', 46.24, -63.13, '834'),
  // Ontario
  ca('416', 'ON', 'Toronto', 'M5H 2N2', 43.65, -79.38, '858'),
  ca('647', 'ON', 'Toronto', 'M5V 2T6', 43.64, -79.39, '858'),
  ca('437', 'ON', 'Toronto', 'M4W 1A8', 43.67, -79.39, '858'),
  ca('905', 'ON', 'Mississauga', 'L5B 3C1', 43.59, -79.64, '858'),
  ca('289', 'ON', 'Hamilton', 'L8P 4R5', 43.26, -79.87, '858'),
  ca('365', 'ON', 'Oshawa', 'L1H 3Z7', 43.9, -78.86, '858'),
  ca('613', 'ON', 'Ottawa', 'K1P 1J1', 45.42, -75.7, '852'),
  ca('343', 'ON', 'Kingston', 'K7L 2Z1', 44.23, -76.49, '852'),
  ca('519', 'ON', 'London', 'N6A 3K7', 42.98, -81.25, '856'),
  ca('226', 'ON', 'Kitchener', 'N2G 4G7', 43.45, -80.49, '856'),
  ca('548', 'ON', 'Windsor', 'N9A 6J3', 42.31, -83.04, '856'),
  ca('705', 'ON', 'Sudbury', 'P3E 3L5', 46.49, -80.99, '854'),
  ca('249', 'ON', 'Barrie', 'L4M 3B9', 44.39, -79.69, '854'),
  ca('807', 'ON', 'Thunder Bay', 'P7B 5E1', 48.38, -89.25, '860'),
  // Quebec
  ca('514', 'QC', 'Montréal', 'H2Y 1C6', 45.5, -73.57, '850'),
  ca('438', 'QC', 'Montréal', 'H3B 2Y5', 45.5, -73.57, '850'),
  ca('450', 'QC', 'Laval', 'H7N 5A1', 45.57, -73.69, '850'),
  ca('579', 'QC', 'Longueuil', 'J4K 2T5', 45.53, -73.52, '850'),
  ca('418', 'QC', 'Québec', 'G1R 4P5', 46.81, -71.21, '848'),
  ca('581', 'QC', 'Québec', 'G1K 3G1', 46.82, -71.22, '848'),
  ca('819', 'QC', 'Sherbrooke', 'J1H 1E1', 45.4, -71.89, '846'),
  ca('873', 'QC', 'Gatineau', 'J8X 3X7', 45.48, -75.7, '852'),
  // Saskatchewan
  ca('306', 'SK', 'Regina', 'S4P 3Y2', 50.45, -104.61, '884'),
  ca('639', 'SK', 'Saskatoon', 'S7K 1J5', 52.13, -106.67, '884'),
  // Yukon (867 also serves the Northwest Territories and Nunavut)
  ca('867', 'YT', 'Whitehorse', 'Y1A 1B2', 60.72, -135.06, '880'),
];

/** NANP toll-free codes; US and Canadian numbers share them, split by exchange. */
export const NANP_TOLL_FREE_CODES: readonly string[] = ['800', '833', '844', '855', '866', '877', '888'];

/** Central-office codes (NXX) that numbers may use: N is 2-9, N11 service codes and 555 are left out. */
export function nanpExchanges(first: number, last: number): string[] {
  const exchanges: string[] = [];
  for (let nxx = Math.max(200, first); nxx <= Math.min(999, last); nxx++) {
    const code = String(nxx);
    // N11 are service codes (411, 911) and 555 is reserved for directory and fiction.
    if (code.endsWith('11') || code === '555') continue;
    exchanges.push(code);
  }
  return exchanges;
}
