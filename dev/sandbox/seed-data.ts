/** Word lists for realistic seed data. Emails use reserved example domains (RFC 2606). */

// prettier-ignore
export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David',
  'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah',
  'Charles', 'Karen', 'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony',
  'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
  'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian',
  'Dorothy', 'George', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Edward',
  'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Kathleen',
  'Gary', 'Amy', 'Nicholas', 'Angela', 'Eric', 'Shirley', 'Jonathan', 'Anna', 'Stephen',
  'Brenda', 'Larry', 'Pamela', 'Justin', 'Emma', 'Scott', 'Nicole', 'Brandon', 'Helen',
  'Benjamin', 'Samantha', 'Samuel', 'Katherine', 'Gregory', 'Christine', 'Alexander', 'Debra',
  'Frank', 'Rachel', 'Patrick', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Catherine', 'Dennis',
  'Maria', 'Jerry', 'Heather', 'Tyler', 'Diane', 'Aaron', 'Ruth', 'Jose', 'Julie', 'Adam',
  'Olivia', 'Nathan', 'Joyce', 'Henry', 'Virginia', 'Douglas', 'Victoria', 'Zachary', 'Kelly',
  'Peter', 'Lauren', 'Kyle', 'Christina', 'Ethan', 'Joan', 'Walter', 'Evelyn', 'Noah', 'Judith',
  'Jeremy', 'Megan', 'Christian', 'Andrea', 'Keith', 'Cheryl', 'Roger', 'Hannah', 'Terry',
  'Jacqueline', 'Gerald', 'Martha', 'Harold', 'Gloria', 'Sean', 'Teresa', 'Austin', 'Ann',
  'Carl', 'Sara', 'Arthur', 'Madison', 'Lawrence', 'Frances', 'Dylan', 'Kathryn', 'Jesse',
  'Janice', 'Jordan', 'Jean', 'Bryan', 'Abigail', 'Billy', 'Alice', 'Joe', 'Julia', 'Bruce',
  'Judy', 'Gabriel', 'Sophia', 'Logan', 'Grace', 'Albert', 'Denise', 'Willie', 'Amber', 'Alan',
  'Doris', 'Juan', 'Marilyn', 'Wayne', 'Danielle', 'Elijah', 'Beverly', 'Randy', 'Isabella',
  'Roy', 'Theresa', 'Vincent', 'Diana', 'Ralph', 'Natalie', 'Eugene', 'Brittany', 'Russell',
  'Charlotte', 'Bobby', 'Marie', 'Mason', 'Kayla', 'Philip', 'Alexis', 'Louis', 'Lori',
];

// prettier-ignore
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez',
  'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor',
  'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez',
  'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
  'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera',
  'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz',
  'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy',
  'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed',
  'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez',
  'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo',
  'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry',
  'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Gonzales', 'Fisher',
  'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera',
  'Gibson', 'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro',
  'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy',
  'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford',
  'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason',
  'Dixon', 'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd',
  'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza',
  'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne',
  'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Vazquez', 'Hansen',
];

export const EMAIL_DOMAINS: readonly string[] = [
  'example.com',
  'example.net',
  'example.org',
  'mail.example.com',
  'team.example.net',
];

export const COMPANY_NAMES: readonly string[] = [
  'Summit Digital Agency',
  'Northstar Growth Partners',
  'Bluebird Marketing Co.',
  'Ridgeline Media Group',
  'Harborlight Agency',
];

export const BUSINESS_NAMES: readonly string[] = [
  'Bright Smile Dental',
  'Downtown Fitness Studio',
  'Oakwood Family Chiropractic',
  'Lakeside Realty Group',
  'Green Leaf Landscaping',
  'Sunset Med Spa',
  'Precision Auto Repair',
  'Harbor View Law Offices',
  'Maple Street Bakery',
  'Peak Performance Physio',
  'Silver Lining Roofing',
  'Riverbend Veterinary Clinic',
  'Golden Gate Plumbing',
  'Evergreen Insurance Agency',
  'Blue Wave Pool Service',
  'Cornerstone Home Builders',
];

export interface Place {
  city: string;
  state: string;
  postalCode: string;
  timezone: string;
  areaCode: string;
}

// prettier-ignore
export const PLACES: readonly Place[] = [
  { city: 'Austin', state: 'TX', postalCode: '78701', timezone: 'America/Chicago', areaCode: '512' },
  { city: 'Denver', state: 'CO', postalCode: '80202', timezone: 'America/Denver', areaCode: '303' },
  { city: 'Seattle', state: 'WA', postalCode: '98101', timezone: 'America/Los_Angeles', areaCode: '206' },
  { city: 'Miami', state: 'FL', postalCode: '33131', timezone: 'America/New_York', areaCode: '305' },
  { city: 'Chicago', state: 'IL', postalCode: '60601', timezone: 'America/Chicago', areaCode: '312' },
  { city: 'Boston', state: 'MA', postalCode: '02108', timezone: 'America/New_York', areaCode: '617' },
  { city: 'Phoenix', state: 'AZ', postalCode: '85004', timezone: 'America/Phoenix', areaCode: '602' },
  { city: 'Portland', state: 'OR', postalCode: '97204', timezone: 'America/Los_Angeles', areaCode: '503' },
  { city: 'Nashville', state: 'TN', postalCode: '37203', timezone: 'America/Chicago', areaCode: '615' },
  { city: 'Atlanta', state: 'GA', postalCode: '30303', timezone: 'America/New_York', areaCode: '404' },
];

export const STREETS: readonly string[] = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Cedar Ln',
  'Elm St',
  'Pine St',
  'Washington Blvd',
  'Lake Shore Dr',
  'Park Ave',
  'Sunset Blvd',
];

/** US area codes for user phone numbers; the exchange is always 555 (fictional numbers). */
// prettier-ignore
export const AREA_CODES: readonly string[] = [
  '201', '202', '206', '212', '213', '214', '303', '305', '312', '404', '408', '415', '503',
  '512', '602', '615', '617', '702', '713', '718', '720', '786', '808', '818', '917',
];
