"""Word lists for PERSON: first names and surnames (base forms), words that are never names, places.

Names: the lists shipped with Faker's et_EE, en_US and en_GB person providers (MIT licence), plus
common Estonian first names added by hand. English first names that are also ordinary
capitalised words (May, Will, Mark, Grace...) are left out: a first name alone is the strongest
evidence the recogniser uses, so it must not be a common word. Regenerate by hand; never at run time.
"""

ESTONIAN_FIRST_NAMES = frozenset('''
Aare Aarne Agnes Aino Airi Aivar Aivi Aleksander Aleksandr Aleksandra Aleksei Alexander Andrei
Andres Andrus Anna Anna-Liisa Anne Anneli Annika Ants Anu Artur Arvo Ave Birgit Carmen Diana Dmitri
Eda Egle Eha Elena Eliise Elina Elis Elo Ene Enn Epp Erki Eve Evelin Galina Gerda Gerli Getter
Grete Hanna Hannes Harri Heiki Heino Hele Helen Helena Heli Helle Hendrik Hille Igor Indrek Ingrid
Irina Irja Ivan Ivo Jaak Jaan Jaanika Jaanus Jana Janika Jekaterina Jelena Jevgeni Joosep Juhan
Julia Juri Jüri Kaarel Kadi Kadri Kaidi Kaido Kaire Kairi Kairit Kaisa Kaja Kalev Kalle Karin Karl
Kaspar Kati Katre Katrin Keit Keiu Kerli Kersti Kert Kertu Krista Kristel Kristi Kristiina Kristina
Kristjan Kristo Kätlin Kätlyn Külli Laura Laura-Liis Lauri Lembit Liina Liis Liisa Linda Ljubov
Ljudmila Ly Maarja Madis Maie Maire Mait Maksim Mall Malle Mare Marek Maret Marge Margit Margo
Margus Mari Mari-Liis Maria Marika Mariliis Marina Marit Marje Marko Marleen Mart Martin Martti
Mati Meelis Merike Merili Merit Merle Mihhail Mihkel Mikk Milvi Mirjam Monika Nadežda Natalia
Natalja Niina Nikolai Nina Oleg Olga Oliver Oskar Ott Paul Pavel Peeter Pille Pille-Riin Piret
Priit Ragnar Rainer Raivo Rasmus Raul Reet Rein Rene Riho Riin Riina Robert Roman Romet Rutt Sander
Sergei Sergey Signe Sigrid Siim Siiri Silver Silvi Sirje Sirli Sten Sulev Sven Svetlana Taavi
Tamara Tanel Tarmo Tarvo Tatiana Tatjana Tauno Terje Tiia Tiina Tiit Tiiu Toomas Triin Triinu Tuuli
Tõnis Tõnu Urmas Urve Valdo Valentina Valeri Veiko Vello Viive Viktor Viktoria Villu Vladimir Üllar
Ülle Ülo
'''.split())

ENGLISH_FIRST_NAMES = frozenset('''
Aaron Abbie Abdul Abigail Adam Adriana Adrienne Aimee Alan Albert Alec Alejandra Alejandro Alex
Alexa Alexandra Alexandria Alexis Alfred Alice Alicia Alisha Alison Allan Allen Allison Alvin
Alyssa Amanda Amelia Amy Ana Andre Andrea Andrew Angela Angelica Angie Anita Ann Annette Anthony
Antonio Antony Ariana Ariel Arthur Ashlee Ashleigh Ashley Audrey Bailey Barbara Barry Becky Belinda
Ben Benjamin Bernard Beth Bethan Bethany Betty Beverley Beverly Bianca Billy Blake Bobby Bonnie
Brad Bradley Brady Brandi Brandon Brandy Breanna Brenda Brendan Brent Brett Brian Briana Brianna
Bridget Brittany Brittney Bruce Bryan Bryce Caitlin Caitlyn Caleb Callum Calvin Cameron Candace
Candice Carl Carla Carlos Carly Carole Caroline Carolyn Carrie Casey Cassandra Cassidy Cassie
Catherine Cathy Cesar Chad Charlene Charles Charlie Charlotte Chelsea Chelsey Cheryl Cheyenne Chloe
Chris Christie Christina Christine Christopher Christy Cindy Claire Clare Clarence Claudia Clayton
Clifford Clinton Clive Cody Colin Colleen Collin Colton Connie Connor Conor Corey Cory Courtney
Craig Cristian Cristina Curtis Cynthia Daisy Dalton Damian Damien Damon Dan Dana Daniel Danielle
Danny Darin Darius Darlene Darrell Darren Darryl Daryl Dave David Deanna Debbie Deborah Debra
Declan Denis Denise Dennis Derek Derrick Desiree Devin Devon Diamond Diane Dillon Dominic Dominique
Donald Donna Doris Dorothy Douglas Duane Duncan Dustin Dwayne Dylan Ebony Eddie Edgar Eduardo
Edward Edwin Eileen Elaine Eleanor Elijah Elizabeth Ellen Ellie Elliot Elliott Emily Emma Eric
Erica Erik Erika Erin Ethan Eugene Evan Evelyn Felicia Fernando Fiona Frances Francesca Francis
Francisco Franklin Fred Frederick Gabriel Gabriela Gabriella Gabrielle Gail Gareth Garrett Garry
Gary Gavin Gemma Geoffrey George Georgina Gerald Geraldine Gerard Gilbert Gillian Gina Glenda Glenn
Gloria Gordon Graeme Graham Greg Gregg Gregory Gwendolyn Hailey Haley Hannah Harold Harriet Harry
Hayden Hayley Hazel Hector Heidi Henry Herbert Hilary Hollie Howard Hugh Iain Ian Irene Isaac
Isabel Isabella Isaiah Jackie Jackson Jaclyn Jacob Jacqueline Jaime Jake James Jamie Jane Janet
Janice Jared Jasmin Jason Javier Jayne Jeanette Jeanne Jeff Jeffery Jeffrey Jemma Jenna Jennifer
Jenny Jeremiah Jeremy Jermaine Jerome Jerry Jesse Jessica Jesus Jill Jillian Jim Jimmy Jo Joan
Joann Joanna Joanne Jocelyn Jodi Jodie Jody Joe Joel John Johnathan Johnny Jon Jonathan Jonathon
Jorge Jose Joseph Josephine Josh Joshua Joyce Juan Judith Judy Julian Julie Justin Kaitlin Kaitlyn
Kara Karen Kari Karina Karla Kate Katelyn Katherine Kathleen Kathryn Kathy Katie Katrina Katy Kayla
Kaylee Kayleigh Keith Kelli Kellie Kelly Kelsey Kendra Kenneth Kent Kerri Kerry Kevin Kiara Kieran
Kim Kimberley Kimberly Kirk Kirsten Kirsty Kristen Kristie Kristin Kristine Kristopher Kristy
Krystal Kurt Kyle Kylie Lacey Larry Latasha Latoya Lauren Laurie Lawrence Leah Leanne Leigh Leon
Leonard Leroy Lesley Leslie Levi Lewis Liam Lindsay Lindsey Lisa Logan Lonnie Loretta Lori Lorraine
Louis Louise Lucas Lucy Luis Luke Lydia Lynda Lynn Lynne Mackenzie Madeline Makayla Malcolm Malik
Mallory Mandy Manuel Marc Marcia Marco Marcus Margaret Mariah Marian Marie Marilyn Mario Marion
Marisa Marissa Martha Martyn Marvin Mary Mathew Matthew Maureen Maurice Maxwell Mckenzie Meagan
Megan Meghan Melanie Melinda Melissa Melvin Mercedes Meredith Mia Michael Michaela Micheal Michele
Michelle Miguel Mikayla Mike Mindy Miranda Mitchell Mohamed Mohammad Mohammed Molly Monica Monique
Morgan Nancy Naomi Natalie Natasha Nathan Nathaniel Neil Nicholas Nichole Nicola Nicolas Nicole
Nigel Noah Norma Olivia Omar Oscar Owen Paige Pam Pamela Parker Patricia Patrick Patty Paula
Pauline Pedro Peggy Perry Peter Philip Phillip Phyllis Preston Priscilla Rachael Rachel Ralph
Randall Randy Raven Raymond Rebecca Rebekah Reece Regina Reginald Renee Rhonda Rhys Ricardo Richard
Rick Rickey Ricky Riley Rita Roberta Roberto Robin Robyn Rodney Roger Ronald Ronnie Rosemary Rosie
Ross Roy Ruben Russell Ruth Ryan Sabrina Sally Samantha Samuel Sandra Sara Sarah Savannah Scott
Sean Selena Sergio Seth Shane Shari Sharon Shaun Shawn Shawna Sheena Sheila Shelby Shelia Shelley
Shelly Sheri Sherri Sherry Sheryl Shirley Sian Sierra Simon Sonia Sonya Sophia Sophie Spencer
Stacey Stacie Stacy Stanley Stefanie Stephanie Stephen Steve Steven Stewart Stuart Susan Suzanne
Sylvia Tabitha Tami Tammie Tammy Tanya Tara Tasha Taylor Terence Teresa Terrance Terrence Terri
Terry Theodore Theresa Thomas Tiffany Timothy Tina Toby Todd Tommy Toni Tony Tonya Tracey Traci
Tracie Tracy Travis Trevor Tricia Tristan Tyler Tyrone Valerie Vanessa Vernon Veronica Vicki Vickie
Victor Vincent Walter Wanda Warren Wayne Wendy Wesley Whitney William Willie Wyatt Xavier Yesenia
Yolanda Yvette Yvonne Zachary Zoe
'''.split())

ESTONIAN_SURNAMES = frozenset('''
Aas Aasa Aasmäe Aavik Abel Abramov Adamson Ader Afanasjev Alas Aleksandrov Alekseev Allas Allik
Anderson Andreev Anissimov Annus Anton Antonov Arro Aru Arula Aun Aus Baranov Beljajev Belov
Bogdanov Bondarenko Borissov Bõstrov Danilov Davõdov Denissov Dmitriev Drozdov Egorov Eller Erik
Erm Ernits Fedorov Fedotov Filatov Filippov Fjodorov Fomin Frolov Gavrilov Gerassimov Golubev
Gontšarov Gorbunov Grigoriev Gromov Gross Gusev Hallik Hansen Hanson Hein Heinsalu Heinsoo Holm
Hunt Härm Ignatjev Iljin Ilves Ivanov Ivask Jaakson Jaanson Jaanus Jakobson Jakovlev Jalakas
Jefimov Jegorov Jermakov Jeršov Johanson Juhanson Juhkam Jänes Järv Järve Jõe Jõesaar Jõgi Jürgens
Jürgenson Jürisson Kaasik Kadak Kala Kalamees Kalda Kalinin Kaljula Kaljurand Kaljuste Kaljuvee
Kallas Kallaste Kalm Kalmus Kangro Kangur Kapp Karpov Karro Karu Kasak Kase Kasemaa Kasemets Kask
Kass Kattai Kaur Kazakov Kelder Kesküla Kiik Kiil Kiis Kiisk Kikas Kikkas Kilk Kink Kirillov Kirs
Kirsipuu Kirss Kisseljov Kivi Kivilo Kivimäe Kivistik Klaas Klein Klimov Koger Kohv Koit Koitla
Kokk Kolesnik Kolk Komarov Kondratjev Konovalov Konstantinov Kont Kool Koort Koppel Korol Kostin
Kotkas Kotov Koval Kozlov Kriisa Kroon Kruglov Krõlov Kudrjavtsev Kulikov Kuningas Kurg Kurm
Kurvits Kutsar Kuus Kuuse Kuusik Kuusk Kuzmin Kuznetsov Kärner Käsper Käär Käärik Kõiv Kütt Laan
Laane Laanemets Laas Laht Laine Laks Lang Lass Laur Lauri Lebedev Lehiste Leht Lehtla Lehtmets Leis
Lember Lepik Lepp Leppik Liblik Liiv Liiva Liivak Liivamägi Lill Lillemets Lind Link Lipp Loginov
Lokk Lomp Loorits Luht Luik Lukin Lukk Lumi Lumiste Luts Lätt Lääne Lääts Lõhmus Maasik Madisson
Maidla Makarov Maksimov Malõšev Mandel Maripuu Mark Markus Martin Martinson Maslov Matvejev
Medvedev Meier Meister Melnik Merila Mets Michelson Mihhailov Mikk Miller Mironov Mitt Moor Moroz
Muru Must Mäe Mäeots Mäesalu Mägi Mänd Mändla Männik Männiste Mõttus Mölder Mürk Müür Müürsepp
Naumov Nazarov Niit Nikiforov Nikitin Nikolaev Novikov Nurk Nurm Nuut Nõmm Nõmme Nõmmik Oja Ojala
Ojaste Oks Olesk Oras Orav Org Orlov Ossipov Ots Ott Paal Paap Paas Paju Pajula Palm Palu Panov
Parts Pavlov Pent Peterson Petrov Pettai Pihelgas Pihlak Piho Piir Piirsalu Pikk Ploom Poljakov
Poom Popov Post Pruul Pukk Pulk Puusepp Pärn Pärna Pärnpuu Pärtel Põder Põdra Põld Põldma Põldmaa
Põllu Püvi Raadik Raag Raamat Raid Raidma Raja Rand Randmaa Randoja Raud Raudsepp Rebane Reimann
Reinsalu Remmel Rohtla Romanov Roos Roosileht Roots Rosenberg Rosin Rumjantsev Ruus Rätsep Rüütel
Saar Saare Safronov Saks Salu Salumets Salumäe Sander Sarap Sarapuu Sarv Saul Saveljev Schmidt
Semenov Sepp Sergejev Sibul Sidorov Siim Sikk Sild Sillaots Sillaste Silm Simson Sirel Sisask
Smirnov Sobolev Sokk Sokolov Solovjov Soo Soon Soosaar Soosalu Soots Sorokin Stepanov Suits Sulg
Susi Sutt Suur Suvi Suvorov Säde Sööt Taal Tali Talts Tamberg Tamm Tamme Tammik Tarassov Teder
Teearu Teesalu Teras Tihhomirov Tiik Tiits Tilk Timofejev Titov Tomingas Tomson Toom Toome Tooming
Toomsalu Toots Trei Treial Treier Trofimov Truu Tsvetkov Tuisk Tuul Tuulik Täht Tõnisson Uibo Unt
Urb Uus Uustalu Vaher Vaht Vahter Vahtra Vain Vaino Valge Valk Vares Varik Vasiliev Veski Viik
Viira Viks Vill Villemson Vinogradov Visnapuu Vlassov Volkov Vorobjov Voronin Vähi Väli Võsu
Zahharov Zaitsev Zujev Õispuu Õun Õunapuu Ševtšenko Štšerbakov Žukov Žuravljov
'''.split())

ENGLISH_SURNAMES = frozenset('''
Abbott Acevedo Acosta Adams Adkins Aguilar Aguirre Ahmed Akhtar Alexander Ali Allan Allen Allison
Alvarado Alvarez Andersen Anderson Andrade Andrews Anthony Archer Arellano Arias Armstrong Arnold
Arroyo Ashley Ashton Atkins Atkinson Austin Avery Avila Ayala Ayers Bailey Baird Baker Baldwin Ball
Ballard Banks Barajas Barber Barker Barlow Barnes Barnett Barr Barrera Barrett Barron Barry
Bartlett Barton Bass Bates Bauer Bautista Baxter Bean Beard Beasley Beck Becker Begum Bell Beltran
Bender Benitez Benjamin Bennett Benson Bentley Benton Berg Berger Bernard Berry Best Bevan Bibi
Birch Bird Bishop Black Blackburn Blackwell Blair Blake Blanchard Blankenship Blevins Bolton Bond
Bonilla Booker Boone Booth Bowen Bowers Bowman Boyd Boyer Boyle Bradford Bradley Bradshaw Brady
Branch Brandt Braun Bray Brennan Brewer Bridges Briggs Bright Brock Brookes Brooks Brown Browne
Browning Bruce Bryan Bryant Buchanan Buck Buckley Bull Bullock Burch Burgess Burke Burnett Burns
Burrows Burton Bush Butcher Butler Byrd Byrne Cabrera Cain Calderon Caldwell Calhoun Callahan
Camacho Cameron Campbell Campos Cannon Cantrell Cantu Cardenas Carey Carlson Carney Carpenter Carr
Carrillo Carroll Carson Carter Cartwright Case Casey Castaneda Castillo Castro Cervantes Chadwick
Chamberlain Chambers Chan Chandler Chaney Chang Chapman Charles Charlton Chase Chavez Chen Cherry
Choi Christensen Christian Chung Church Cisneros Clark Clarke Clay Clayton Clements Cline Coates
Cobb Cochran Coffey Cohen Cole Coleman Coles Collier Collins Colon Combs Compton Conley Conner
Connolly Connor Conrad Contreras Conway Cook Cooke Cooley Cooper Copeland Cordova Cortez Costa
Cowan Cox Craig Crane Crawford Crosby Cross Cruz Cuevas Cummings Cunningham Curry Curtis Dale
Dalton Daly Daniel Daniels Daugherty Davenport Davey David Davidson Davies Davila Davis Davison
Dawson Day Dean Decker Delacruz Deleon Delgado Dennis Diaz Dickerson Dickinson Dickson Dillon Dixon
Dobson Dodd Dodson Doherty Dominguez Donaldson Donnelly Donovan Dorsey Dougherty Douglas Downs
Doyle Drake Duarte Dudley Duffy Duke Duncan Dunlap Dunn Duran Durham Dyer Eaton Edwards Elliott
Ellis Ellison English Erickson Escobar Esparza Espinoza Estes Estrada Evans Everett Ewing Farley
Farmer Farrell Faulkner Ferguson Fernandez Ferrell Field Fields Figueroa Finch Finley Fischer
Fisher Fitzgerald Fitzpatrick Fleming Fletcher Flores Flowers Floyd Flynn Foley Forbes Ford Forster
Foster Fowler Fox Francis Franco Frank Franklin Fraser Frazier Frederick Freeman French Frey
Friedman Fritz Frost Fry Frye Fuentes Fuller Gaines Gallagher Gallegos Galloway Galvan Gamble
Garcia Gardiner Gardner Garner Garrett Garrison Garza Gates Gay Gentry George Gibbons Gibbs Gibson
Gilbert Giles Gill Gillespie Gilmore Glass Glenn Glover Goddard Godfrey Golden Gomez Gonzales
Gonzalez Good Goodman Goodwin Gordon Gough Gould Graham Grant Graves Gray Green Greene Greenwood
Greer Gregory Griffin Griffith Griffiths Grimes Gross Guerra Guerrero Gutierrez Guzman Haas Hahn
Hale Haley Hall Hamilton Hammond Hampton Hancock Haney Hanna Hansen Hanson Hardin Harding Hardy
Hargreaves Harmon Harper Harrell Harrington Harris Harrison Hart Hartley Hartman Harvey Hatfield
Hawkins Hayden Hayes Haynes Hays Hayward Heath Hebert Henderson Hendricks Hendrix Henry Hensley
Henson Herbert Herman Hernandez Herrera Herring Hess Hester Hewitt Hickman Hicks Higgins Hill
Hilton Hines Hinton Ho Hobbs Hodge Hodges Hodgson Hoffman Hogan Holden Holder Holland Holloway
Holmes Holt Hood Hooper Hoover Hope Hopkins Horn Horne Horton Houghton House Houston Howard Howarth
Howe Howell Howells Huang Hubbard Huber Hudson Huerta Huff Huffman Hughes Hull Humphrey Humphreys
Humphries Hunt Hunter Hurley Hurst Hussain Hutchinson Huynh Hyde Ibarra Ingram Iqbal Irwin Jackson
Jacobs Jacobson James Jarvis Jefferson Jenkins Jennings Jensen Jimenez John Johns Johnson Johnston
Jones Jordan Joseph Joyce Juarez Kaiser Kane Kaufman Kaur Kay Keith Keller Kelley Kelly Kemp
Kennedy Kent Kerr Key Khan Kidd Kim King Kirby Kirk Klein Kline Knapp Knight Knowles Knox Koch
Kramer Krause Krueger Lam Lamb Lambert Landry Lane Lang Lara Larsen Larson Law Lawrence Lawson Le
Leach Leblanc Lee Lees Leon Leonard Lester Levine Levy Lewis Li Lin Lindsey Little Liu Livingston
Lloyd Logan Long Lopez Lord Love Lowe Lowery Lozano Lucas Lucero Luna Lutz Lynch Lynn Lyons
Macdonald Macias Mack Madden Maddox Mahmood Mahoney Maldonado Malone Mann Manning Marks Marquez
Marsden Marsh Marshall Martin Martinez Mason Massey Mata Mathews Mathis Matthews Maxwell May Mayer
Maynard Mayo Mays McCarthy McDonald McKenzie McLean Mcbride Mccall Mccann Mccarthy Mccarty Mcclain
Mcclure Mcconnell Mccormick Mccoy Mccullough Mcdaniel Mcdonald Mcdowell Mcfarland Mcgee Mcgrath
Mcguire Mcintosh Mcintyre Mckay Mckee Mckenzie Mckinney Mcknight Mclaughlin Mclean Mcmahon Mcmillan
Mcneil Mcpherson Meadows Medina Mejia Melendez Mellor Melton Mendez Mendoza Mercado Mercer Merritt
Metcalfe Meyer Meyers Meza Miah Michael Middleton Miles Miller Mills Miranda Mistry Mitchell Molina
Monroe Montes Montgomery Montoya Moody Moon Mooney Moore Mora Morales Moran Moreno Morgan Morley
Morris Morrison Morrow Morse Morton Moses Mosley Moss Moyer Mueller Mullen Mullins Munoz Murillo
Murphy Murray Myers Nash Navarro Naylor Neal Nelson Newman Newton Nguyen Nicholls Nichols Nicholson
Nielsen Nixon Noble Nolan Norman Norris North Norton Novak Nunez O'Brien O'Connor O'Donnell O'Neill
O'Sullivan Obrien Ochoa Oconnell Oconnor Odom Odonnell Oliver Olsen Olson Oneal Oneill Orozco Orr
Ortega Ortiz Osborn Osborne Owen Owens Pace Pacheco Padilla Page Palmer Park Parker Parkes Parkin
Parkinson Parks Parrish Parry Parsons Patel Patrick Patterson Patton Paul Payne Peacock Pearce
Pearson Peck Pena Pennington Perez Perkins Perry Peters Petersen Peterson Petty Pham Phelps
Phillips Pickering Pierce Pineda Pittman Pitts Pollard Ponce Poole Pope Porter Potter Potts Powell
Power Powers Pratt Preston Price Prince Pritchard Proctor Pruitt Pugh Quinn Rahman Ramirez Ramos
Ramsey Randall Randolph Rangel Rasmussen Ray Raymond Read Reed Rees Reese Reeves Reid Reilly Reyes
Reynolds Rhodes Rice Rich Richard Richards Richardson Richmond Riddle Riggs Riley Rios Ritter Rivas
Rivera Rivers Roach Robbins Roberson Roberts Robertson Robinson Robles Robson Rocha Rodgers
Rodriguez Rogers Rojas Rollins Roman Romero Rosales Rosario Rose Ross Roth Rowe Rowland Rowley Roy
Rubio Ruiz Rush Russell Russo Ryan Salas Salazar Salinas Sampson Sanchez Sanders Sanderson Sandoval
Sanford Santana Santiago Santos Saunders Savage Sawyer Schaefer Schmidt Schmitt Schneider Schofield
Schroeder Schultz Schwartz Scott Sellers Serrano Sexton Shaffer Shah Shannon Sharp Sharpe Shaw Shea
Shelton Shepard Shepherd Sheppard Sherman Shields Short Silva Simmons Simon Simpson Sims Sinclair
Singh Singleton Skinner Slater Sloan Small Smart Smith Snow Snyder Solis Solomon Sosa Soto Sparks
Spears Spence Spencer Stafford Stanley Stanton Stark Steele Stein Stephens Stephenson Stevens
Stevenson Stewart Stokes Stone Storey Stout Strickland Strong Stuart Suarez Sullivan Summers Sutton
Swanson Sweeney Swift Sykes Talbot Tanner Tapia Tate Taylor Terrell Terry Thomas Thompson Thomson
Thornton Thorpe Todd Tomlinson Torres Townsend Tran Travis Trevino Trujillo Tucker Turnbull Turner
Tyler Underwood Valdez Valencia Valentine Valenzuela Vance Vang Vargas Vasquez Vaughan Vaughn
Vazquez Vega Velasquez Velazquez Velez Villa Villanueva Villarreal Villegas Vincent Wade Wagner
Walker Wall Wallace Waller Wallis Walls Walsh Walter Walters Walton Wang Ward Ware Warner Warren
Washington Waters Watkins Watson Watts Weaver Webb Weber Webster Weeks Weiss Welch Wells Werner
West Weston Wheeler Whitaker White Whitehead Whitehouse Whitney Whittaker Wiggins Wilcox Wiley
Wilkerson Wilkins Wilkinson Williams Williamson Willis Wilson Winter Winters Wise Wolf Wolfe Wong
Wood Woodard Woods Woodward Wright Wu Wyatt Yang Yates Yoder York Young Yu Zamora Zavala Zhang
Zimmerman Zuniga
'''.split())

# Capitalised words that are never part of a name: greetings, document words, months, days, titles.
NOT_NAME_WORDS = frozenset("""
saared saarte kuningriik kuningriigi föderatsioon emiraadid provints osariik islands island republic kingdom
federation saint san santa sankt püha leone rica rico lanka
tere lugupeetud hea head kallis palun täname tänan aitäh lugupidamisega parimate parimat tervitades
teie meie sinu minu seoses vastavalt käesolevaga arve leping tellimus klient müüja ostja kuupäev summa
kokku maksja saaja selgitus viitenumber nimi aadress telefon isikukood registrikood lisa allkiri juhatuse
liige esindaja eesti vabariik vabariigi riigikohus maakohus ringkonnakohus jaanuar veebruar märts aprill mai juuni
juuli august september oktoober november detsember esmaspäev teisipäev kolmapäev neljapäev reede laupäev pühapäev
dear hello hi best regards kind sincerely thanks thank please the this that our your we invoice contract order
customer seller buyer date amount total name address phone email monday tuesday wednesday thursday friday
saturday sunday january february march july september october november december mr mrs ms dr hr pr
härra proua ja and või or of for to from with on in at by see üks kaks kui kus kes mis see need
töötaja tööandja üürnik üürileandja teenus toode hind makse pank kontakt lugeja osakond direktor juhataja
general terms conditions service services agreement data protection officer policy privacy company
manager director department team support sales account limited holding group bank street road
""".split())

# Estonian places (base and genitive forms) and neighbours: "Mari Tallinnast" is not a surname.
PLACE_NAMES = frozenset("""
tallinn tallinna tartu pärnu narva viljandi rakvere kuressaare haapsalu paide võru valga jõhvi keila
maardu sillamäe kohtla-järve rapla põlva jõgeva kärdla saue elva türi tapa otepää kunda harju harjumaa
tartumaa ida-viru ida-virumaa lääne-viru lääne-virumaa pärnumaa viljandimaa saare saaremaa hiiu hiiumaa
lääne läänemaa järva järvamaa raplamaa jõgevamaa põlvamaa valgamaa võrumaa eesti estonia soome finland
läti latvia leedu lithuania riia riga helsingi helsinki vilnius stockholm london berlin euroopa europe
kesklinna mustamäe lasnamäe kristiine nõmme pirita haabersti põhja-tallinna kadriorg kalamaja
""".split())
