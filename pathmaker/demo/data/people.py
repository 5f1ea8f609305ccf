"""People and places of the demo district: given names and surnames by family background, nicknames,
the heritages that tie names to race/ethnicity and programme shares, birth places and school names.

Hard-coded so the generator (pathmaker.demo.district) needs no data files and stays deterministic.
Accents, apostrophes, hyphens and spaces are deliberate: importers must survive them.
"""

from __future__ import annotations

from dataclasses import dataclass


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


# ---------------------------------------------------------------------------
# Names. Hard-coded so the generator needs no data files and stays deterministic.
# Accents, apostrophes, hyphens and spaces are deliberate: importers must survive them.
# ---------------------------------------------------------------------------

GENERAL_MALE = _split("""
James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Christopher, Charles, Daniel,
Matthew, Anthony, Mark, Steven, Andrew, Joshua, Kevin, Brian, Ryan, Jacob, Nicholas, Tyler, Brandon,
Zachary, Justin, Austin, Ethan, Noah, Liam, Mason, Logan, Lucas, Elijah, Aiden, Jackson, Carter, Owen,
Wyatt, Caleb, Hunter, Landon, Grayson, Levi, Eli, Colton, Bennett, Everett, Brooks, Hudson, Jaxon,
Cooper, Walker, Samuel, Benjamin, Alexander, Henry, Jonathan, Gabriel, Isaac, Nathan, Connor, Dylan,
Luke, Jack, Evan, Cole, Parker, Chase, Tristan, Miles, Declan, Garrett, Travis
""")
GENERAL_FEMALE = _split("""
Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Emily, Ashley,
Amanda, Stephanie, Nicole, Megan, Lauren, Rachel, Hannah, Madison, Olivia, Emma, Ava, Sophia,
Isabella, Charlotte, Amelia, Harper, Evelyn, Abigail, Ella, Avery, Scarlett, Grace, Chloe, Lily,
Addison, Aubrey, Brooklyn, Claire, Savannah, Audrey, Anna, Caroline, Katherine, Margaret, Natalie,
Leah, Allison, Samantha, Kaylee, Riley, Peyton, Mackenzie, Bailey, Sydney, Morgan, Taylor, Paisley,
Everly, Zoë, Nora, Hazel, Violet, Stella, Lucy, Eleanor, Julia, Molly, Jacqueline, Heather, Amy
""")
_BLACK_MALE = _split("""
Jaylen, Jamal, Malik, DeShawn, Darius, Terrell, Andre, Marcus, Xavier, Jalen, Tyrone, Isaiah,
Cameron, Jeremiah, Josiah, Kendrick, Devonte, Demetrius, Cedric, Reginald, Darnell, Jamari, Khalil,
Amir, Kingston, Zion, Jayden, Kameron, Trevon, Quentin, Rashad, Tremaine, Desmond, Omari, Nasir,
Micah, Dante, Langston, Maurice, Derrick
""")
_BLACK_FEMALE = _split("""
Aaliyah, Imani, Nia, Jasmine, Destiny, Diamond, Ebony, Keisha, Tanisha, Latoya, Shanice, Kiara, Jada,
Amani, Zuri, Nevaeh, Kennedy, Janelle, Monique, Brianna, Gabrielle, Tiana, Ayanna, Makayla, Aniyah,
Layla, Kayla, Deja, Essence, Raven, Tierra, Alexis, Trinity, Amara, Serenity, Journee, Londyn,
Maya, Naomi, Simone
""")
_HISPANIC_MALE = _split("""
José, Juan, Luis, Carlos, Jorge, Miguel, Alejandro, Diego, Mateo, Santiago, Sebastián, Daniel, Angel,
Adrián, Javier, Fernando, Ricardo, Eduardo, Francisco, Antonio, Manuel, Pedro, Rafael, Roberto,
Emiliano, Leonardo, Julián, Gael, Iker, Joaquín, Andrés, Cristian, Kevin, Bryan, Erick, Jesús, Oscar,
Héctor, Iván, Ramón, Josué, Axel, Omar, Fabián, Mario, Marco
""")
_HISPANIC_FEMALE = _split("""
María, Sofía, Valentina, Camila, Isabella, Valeria, Ximena, Daniela, Gabriela, Mariana, Natalia,
Lucía, Paola, Andrea, Alejandra, Fernanda, Guadalupe, Rosa, Carmen, Ana, Elena, Adriana, Verónica,
Yesenia, Karla, Leslie, Jimena, Renata, Regina, Luciana, Génesis, Alondra, Yaretzi, Dulce,
Esmeralda, Marisol, Araceli, Itzel, Abril, Montserrat, Brenda, Diana, Jocelyn, Melanie
""")
_VIETNAMESE_MALE = _split("Minh, Tuan, Huy, Duc, Khoa, Long, Nam, Phuc, Quang, Thanh, Bao, Hieu, Kiet, Vinh")
_VIETNAMESE_FEMALE = _split("Linh, Mai, Anh, Ngoc, Thao, Trang, Hoa, Lan, Vy, Quynh, Hanh, Nhi, Thu, Tuyet")
_KOREAN_MALE = _split(
    "Min-jun, Ji-hoon, Seo-jun, Hyun-woo, Do-yun, Joon, Sung-min, Tae-yang, Jae-won, Dong-hyun"
)
_KOREAN_FEMALE = _split("Seo-yeon, Ji-woo, Ha-eun, Min-seo, Soo-ah, Yuna, Ji-min, Eun-ji, Hye-jin, Da-eun")
_CHINESE_MALE = _split("Wei, Jun, Hao, Yi, Zihan, Yuxuan, Haoran, Jian, Ming, Lei, Tao, Bo")
_CHINESE_FEMALE = _split("Mei, Xin, Yan, Jing, Lin, Yuting, Xinyi, Ying, Hui, Ruoxi, Shu, Xiaoling")
_SOUTH_ASIAN_MALE = _split("""
Aarav, Vihaan, Arjun, Rohan, Aditya, Krishna, Ishaan, Rahul, Vikram, Sai, Dev, Aryan, Nikhil, Rajesh,
Sanjay, Amit, Karan, Harpreet
""")
_SOUTH_ASIAN_FEMALE = _split("""
Ananya, Aanya, Diya, Priya, Saanvi, Isha, Kavya, Meera, Riya, Neha, Pooja, Divya, Shreya, Anjali,
Lakshmi, Sneha, Simran
""")
_FILIPINO_MALE = _split("Jose, Mark, John Paul, Christian, Angelo, Jericho, Paolo, Rommel, Francis, Emmanuel")
_FILIPINO_FEMALE = _split("Maria, Angelica, Kristine, Joy, Rowena, Princess, Althea, Bea, Jasmine, Mae")
_HMONG_MALE = _split("Tou, Pao, Fue, Kou, Chue, Txeng, Neng, Teng")
_HMONG_FEMALE = _split("Mai, Pa, Nou, Yer, Bao, Kia, Maiyer, Chia")
_AFRICAN_MALE = _split("""
Chinedu, Oluwaseun, Kwame, Kofi, Emeka, Tunde, Abdi, Mohamed, Yusuf, Tesfaye, Dawit, Ibrahim, Moussa,
Amadou, Jean, Emmanuel, Wilner, Samuel
""")
_AFRICAN_FEMALE = _split("""
Adaeze, Chiamaka, Ngozi, Abena, Ama, Fatima, Hodan, Amina, Hana, Selam, Mekdes, Aisha, Fatou, Awa,
Blessing, Marie, Nadège, Fabienne
""")
_MENA_MALE = _split(
    "Ahmed, Mohammed, Omar, Youssef, Ali, Hassan, Karim, Khalid, Tariq, Sami, Rami, Ziad, Reza, Elias"
)
_MENA_FEMALE = _split(
    "Layla, Yasmin, Noor, Sara, Mariam, Rania, Leila, Zainab, Salma, Dina, Amira, Nadia, Farah"
)
_SLAVIC_MALE = _split("Dmitri, Ivan, Andrei, Mikhail, Oleksandr, Nikolai, Bogdan, Stefan, Marek, Tomasz")
_SLAVIC_FEMALE = _split("Anastasia, Olga, Natalia, Svetlana, Yulia, Daria, Oksana, Katarzyna, Irina, Milena")
_PACIFIC_MALE = _split("Keanu, Kai, Sione, Tevita, Ikaika, Makoa, Viliami, Lopeti")
_PACIFIC_FEMALE = _split("Malia, Leilani, Kalani, Mele, Noelani, Losana, Keala, Sina")

SURNAMES_HISPANIC = _split("""
Garcia, Rodriguez, Martinez, Hernandez, Lopez, Gonzalez, Perez, Sanchez, Ramirez, Torres, Flores,
Rivera, Gomez, Diaz, Reyes, Morales, Cruz, Ortiz, Gutierrez, Chavez, Ramos, Ruiz, Alvarez, Mendoza,
Vasquez, Castillo, Jimenez, Moreno, Romero, Herrera, Medina, Aguilar, Vargas, Guzman, Mendez,
Salazar, Soto, Delgado, Peña, Rios, Alvarado, Sandoval, Contreras, Valdez, Guerrero, Ortega,
Estrada, Núñez, Maldonado, Vega, Dominguez, Castro, Marquez, Espinoza, Acosta, Figueroa, Luna,
Juarez, Cabrera, Campos, Avila, Navarro, Cortez, Fuentes, Ibarra, Montoya, Rosales, Zamora,
Cárdenas, Trujillo, Velasquez, Serrano, Pacheco, Lara, Cervantes, Escobar, Mejia, Padilla, Solis,
Santiago, Orozco, Barrera, Calderon, Rojas, Zavala, Quintero, Muñoz, Ibáñez, De la Rosa
""")
SURNAMES_COMMON = _split("""
Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore,
Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Hall, Allen, Young,
King, Wright, Scott, Green, Baker, Adams, Nelson, Hill, Campbell, Mitchell, Roberts, Carter,
Phillips, Evans, Turner, Parker, Collins, Edwards, Stewart, Morris, Murphy, Cook, Rogers, Morgan,
Cooper, Peterson, Reed, Bailey, Bell, Kelly, Howard, Ward, Cox, Richardson, Wood, Watson, Brooks,
Bennett, Gray, James, Hughes, Price, Sanders, Myers, Long, Ross, Foster, Powell, Jenkins, Perry,
Russell, Sullivan, Fisher, Henderson, Hamilton, Graham, Wallace, Woods, Cole, West, Owens,
Reynolds, O'Brien, O'Neal, McDonald, McCarthy, Schmidt, Mueller, Novak, Kowalski, Rossi, Russo,
Kaplan, Cohen, Goldberg, Friedman, Larsen, Olsen, Blackwell, Pruitt, Holloway, Crawford, Pickett,
Whitfield, Ledbetter, Satterfield, Dunaway, Tidwell, Puckett, Hutchins, Callahan, Abernathy
""")
SURNAMES_BLACK = _split("""
Washington, Jefferson, Jackson, Johnson, Williams, Brown, Jones, Davis, Robinson, Harris, Thomas,
Walker, Moore, Taylor, Coleman, Banks, Gaines, Mack, Dorsey, Freeman, Simmons, Bryant, Alexander,
Griffin, Hayes, Wade, Gilliam, Stokes, Blackmon, Mosley, Pettaway, Tolliver, McKinney, Hightower,
Battle, Ware, Merriweather, Strickland, Benson, Lucas, Calhoun, Pryor, Holmes, Render, Sims, Greer
""")
_SURNAMES_AFRICAN = _split("""
Okafor, Adeyemi, Mensah, Owusu, Abdi, Mohamed, Tesfaye, Diallo, Ndiaye, Kamara, Nwosu, Eze, Boateng,
Asante, Haile, Bekele, Okonkwo, Osei, Jean-Baptiste, Pierre, Toussaint, Charles, Louis, Étienne,
Desir, Dorvil, Fleurimond, Sow
""")
_SURNAMES_VIETNAMESE = _split(
    "Nguyen, Tran, Le, Pham, Huynh, Hoang, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong, Ly"
)
_SURNAMES_KOREAN = _split(
    "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon, Hwang"
)
_SURNAMES_CHINESE = _split("""
Chen, Wang, Li, Zhang, Liu, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, Lin, He, Gao, Tang
""")
_SURNAMES_SOUTH_ASIAN = _split("""
Patel, Shah, Singh, Kumar, Sharma, Reddy, Rao, Gupta, Desai, Mehta, Iyer, Nair, Joshi, Chaudhary,
Bhatt, Menon, Krishnan, Khan, Ahmed, Rahman, Chowdhury, Islam, Hussain, Gill
""")
_SURNAMES_FILIPINO = _split("""
Santos, Reyes, Cruz, Bautista, Dela Cruz, Mendoza, Aquino, Ramos, Villanueva, Manalo, Pascual, Dizon,
Soriano, Tolentino, Macaraeg, Galang
""")
_SURNAMES_HMONG = _split("Vang, Xiong, Yang, Lor, Thao, Moua, Her, Vue, Khang, Lo")
_SURNAMES_MENA = _split(
    "Haddad, Khoury, Nasser, Saleh, Farah, Mansour, Abboud, Hakimi, Karimi, Hosseini, Rahimi, Aziz"
)
_SURNAMES_SLAVIC = _split("""
Petrov, Ivanov, Kovalenko, Popescu, Nowak, Horvat, Shevchenko, Volkov, Bondarenko, Kuznetsov, Wiśniewski
""")
_SURNAMES_NATIVE = _split("""
Begay, Yazzie, Benally, Tsosie, Nez, Harjo, Chee, Locklear, Oxendine, Cornsilk, Sixkiller, Jumper,
Osceola, Deschenie, Attakai, Tohee, Chavis, Hunt
""")
_SURNAMES_PACIFIC = _split("Kealoha, Kahale, Tuilagi, Faleolo, Leota, Tupou, Mahoe, Fonoti, Kaneshiro, Aumua")

NICKNAMES = {
    "Alexander": "Alex",
    "Benjamin": "Ben",
    "Christopher": "Chris",
    "Daniel": "Danny",
    "Elizabeth": "Liz",
    "Jonathan": "Jon",
    "Katherine": "Kate",
    "Matthew": "Matt",
    "Michael": "Mike",
    "Nicholas": "Nick",
    "Samuel": "Sam",
    "William": "Will",
    "Joseph": "Joey",
    "Jacqueline": "Jackie",
    "Margaret": "Maggie",
    "Abigail": "Abby",
    "Isabella": "Bella",
    "Gabriel": "Gabe",
    "Zachary": "Zach",
    "Anthony": "Tony",
    "Alejandro": "Alex",
    "Francisco": "Paco",
    "Guadalupe": "Lupe",
    "Samantha": "Sam",
    "Jeremiah": "Jay",
    "Demetrius": "Meech",
    "Oluwaseun": "Seun",
    "Chiamaka": "Amaka",
    "Oleksandr": "Sasha",
    "Anastasia": "Ana",
}

_RACE_COLUMNS = ("aian", "asian", "black", "nhpi", "white")


@dataclass(frozen=True, slots=True)
class Heritage:
    """A family background: it drives names, race/ethnicity and programme likelihoods together."""

    key: str
    weight: float  # share of district families
    staff_weight: float  # share of staff
    surnames: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    mainstream: float  # chance a child is given a name from the general US pool
    races: tuple[tuple[float, tuple[str, ...]], ...]
    hispanic: bool
    english_learner: float
    free_lunch: float
    countries: tuple[str, ...]  # birth countries of the family's foreign-born children


HERITAGES: tuple[Heritage, ...] = (
    Heritage(
        "hispanic",
        0.32,
        0.05,
        SURNAMES_HISPANIC,
        _HISPANIC_MALE,
        _HISPANIC_FEMALE,
        0.25,
        # Hispanic is an ethnicity; most also report a race (white, most often), some none.
        ((0.70, ("white",)), (0.05, ("black",)), (0.03, ("aian",)), (0.05, ("aian", "white")), (0.17, ())),
        True,
        0.28,
        0.75,
        ("MX", "MX", "MX", "GT", "HN", "SV", "CO", "VE", "DO"),
    ),
    Heritage(
        "black",
        0.27,
        0.28,
        SURNAMES_BLACK + SURNAMES_COMMON,
        _BLACK_MALE,
        _BLACK_FEMALE,
        0.45,
        ((1.0, ("black",)),),
        False,
        0.01,
        0.62,
        ("JM",),
    ),
    Heritage(
        "african",
        0.04,
        0.02,
        _SURNAMES_AFRICAN,
        _AFRICAN_MALE,
        _AFRICAN_FEMALE,
        0.30,
        ((1.0, ("black",)),),
        False,
        0.20,
        0.65,
        ("NG", "ET", "GH", "HT", "SO", "SN"),
    ),
    Heritage(
        "white",
        0.19,
        0.58,
        SURNAMES_COMMON,
        GENERAL_MALE,
        GENERAL_FEMALE,
        1.0,
        ((1.0, ("white",)),),
        False,
        0.005,
        0.28,
        ("CA", "GB", "DE"),
    ),
    Heritage(
        "mena",
        0.015,
        0.005,
        _SURNAMES_MENA,
        _MENA_MALE,
        _MENA_FEMALE,
        0.20,
        ((1.0, ("white",)),),
        False,
        0.25,
        0.50,
        ("SY", "IQ", "EG", "JO", "IR"),
    ),
    Heritage(
        "slavic",
        0.01,
        0.01,
        _SURNAMES_SLAVIC,
        _SLAVIC_MALE,
        _SLAVIC_FEMALE,
        0.30,
        ((1.0, ("white",)),),
        False,
        0.15,
        0.35,
        ("UA", "RU", "RO", "PL", "HR"),
    ),
    Heritage(
        "vietnamese",
        0.03,
        0.01,
        _SURNAMES_VIETNAMESE,
        _VIETNAMESE_MALE,
        _VIETNAMESE_FEMALE,
        0.40,
        ((1.0, ("asian",)),),
        False,
        0.22,
        0.40,
        ("VN",),
    ),
    Heritage(
        "korean",
        0.02,
        0.005,
        _SURNAMES_KOREAN,
        _KOREAN_MALE,
        _KOREAN_FEMALE,
        0.45,
        ((1.0, ("asian",)),),
        False,
        0.18,
        0.20,
        ("KR",),
    ),
    Heritage(
        "chinese",
        0.015,
        0.005,
        _SURNAMES_CHINESE,
        _CHINESE_MALE,
        _CHINESE_FEMALE,
        0.40,
        ((1.0, ("asian",)),),
        False,
        0.18,
        0.25,
        ("CN", "TW"),
    ),
    Heritage(
        "south_asian",
        0.03,
        0.01,
        _SURNAMES_SOUTH_ASIAN,
        _SOUTH_ASIAN_MALE,
        _SOUTH_ASIAN_FEMALE,
        0.15,
        ((1.0, ("asian",)),),
        False,
        0.20,
        0.25,
        ("IN", "IN", "PK", "BD", "NP"),
    ),
    Heritage(
        "filipino",
        0.008,
        0.005,
        _SURNAMES_FILIPINO,
        _FILIPINO_MALE,
        _FILIPINO_FEMALE,
        0.40,
        ((1.0, ("asian",)),),
        False,
        0.10,
        0.30,
        ("PH",),
    ),
    Heritage(
        "hmong",
        0.004,
        0.0,
        _SURNAMES_HMONG,
        _HMONG_MALE,
        _HMONG_FEMALE,
        0.35,
        ((1.0, ("asian",)),),
        False,
        0.25,
        0.60,
        ("TH", "LA"),
    ),
    Heritage(
        "multiracial",
        0.04,
        0.01,
        SURNAMES_COMMON + SURNAMES_BLACK,
        _BLACK_MALE,
        _BLACK_FEMALE,
        0.65,
        (
            (0.5, ("black", "white")),
            (0.25, ("asian", "white")),
            (0.1, ("aian", "black")),
            (0.15, ("aian", "white")),
        ),
        False,
        0.01,
        0.50,
        (),
    ),
    Heritage(
        "native",
        0.006,
        0.003,
        _SURNAMES_NATIVE,
        GENERAL_MALE,
        GENERAL_FEMALE,
        1.0,
        ((1.0, ("aian",)),),
        False,
        0.02,
        0.60,
        (),
    ),
    Heritage(
        "pacific",
        0.002,
        0.002,
        _SURNAMES_PACIFIC,
        _PACIFIC_MALE,
        _PACIFIC_FEMALE,
        0.40,
        ((1.0, ("nhpi",)),),
        False,
        0.10,
        0.50,
        ("WS", "TO"),
    ),
)
ASIAN_KEYS = frozenset({"vietnamese", "korean", "chinese", "south_asian", "filipino", "hmong"})

GEORGIA_CITIES = _split("""
Atlanta, Lawrenceville, Duluth, Marietta, Decatur, Norcross, Snellville, Savannah, Augusta, Athens,
Macon, Columbus, Gainesville, Alpharetta, Roswell, Buford, Stone Mountain, Lilburn
""")
OTHER_STATES = (
    ("FL", _split("Miami, Orlando, Jacksonville, Tampa")),
    ("NY", _split("New York, Brooklyn, Bronx, Rochester")),
    ("TX", _split("Houston, Dallas, San Antonio")),
    ("CA", _split("Los Angeles, San Diego, San Jose")),
    ("NC", _split("Charlotte, Raleigh, Durham")),
    ("SC", _split("Columbia, Greenville")),
    ("AL", _split("Birmingham, Montgomery, Huntsville")),
    ("TN", _split("Nashville, Memphis, Chattanooga")),
    ("IL", _split("Chicago")),
    ("NJ", _split("Newark, Paterson")),
    ("PR", _split("San Juan, Ponce")),
)
FOREIGN_CITIES = {
    "MX": _split("Guadalajara, Monterrey, Puebla, Ciudad de México, León"),
    "GT": _split("Ciudad de Guatemala, Quetzaltenango"),
    "HN": _split("Tegucigalpa, San Pedro Sula"),
    "SV": _split("San Salvador, Santa Ana"),
    "CO": _split("Bogotá, Medellín"),
    "VE": _split("Caracas, Maracaibo"),
    "DO": _split("Santo Domingo, Santiago de los Caballeros"),
    "JM": _split("Kingston, Montego Bay"),
    "NG": _split("Lagos, Abuja, Ibadan"),
    "ET": _split("Addis Ababa"),
    "GH": _split("Accra, Kumasi"),
    "HT": _split("Port-au-Prince, Cap-Haïtien"),
    "SO": _split("Mogadishu"),
    "SN": _split("Dakar"),
    "CA": _split("Toronto, Montréal"),
    "GB": _split("London, Manchester"),
    "DE": _split("Berlin, Munich"),
    "SY": _split("Aleppo, Damascus"),
    "IQ": _split("Baghdad, Mosul"),
    "EG": _split("Cairo, Alexandria"),
    "JO": _split("Amman"),
    "IR": _split("Tehran"),
    "UA": _split("Kyiv, Kharkiv, Odesa"),
    "RU": _split("Moscow"),
    "RO": _split("Bucharest"),
    "PL": _split("Warsaw, Kraków"),
    "HR": _split("Zagreb"),
    "VN": _split("Ho Chi Minh City, Hanoi, Da Nang"),
    "KR": _split("Seoul, Busan"),
    "CN": _split("Shanghai, Guangzhou"),
    "TW": _split("Taipei"),
    "IN": _split("Hyderabad, Chennai, Ahmedabad, Pune"),
    "PK": _split("Karachi, Lahore"),
    "BD": _split("Dhaka"),
    "NP": _split("Kathmandu"),
    "PH": _split("Manila, Cebu City"),
    "TH": _split("Chiang Mai"),
    "LA": _split("Vientiane"),
    "WS": _split("Apia"),
    "TO": _split("Nukuʻalofa"),
}
# CEDS publicSchoolResidenceStatus codes: in the attendance area, elsewhere in the district, out of district.
RESIDENCE = (("01652", 0.90), ("01653", 0.08), ("01654", 0.02))

SCHOOL_NAMES = _split("""
Oak Ridge, Cedar Grove, Pine Hollow, Willow Creek, Riverbend, Harmony, Sugar Hill, Peachtree, Magnolia,
Dogwood, Hickory Flat, Maple Valley, Laurel Springs, Brookwood, Chestnut Hill, Meadowbrook, Fox Run,
Eagle Point, Bear Creek, Deer Park, Stonecrest, Shiloh, Camp Creek, Walnut Grove, Lakeview, Sweetwater,
Spring Garden, Timber Ridge, Heritage, Crossroads, Hidden Falls, Mill Creek, Rock Springs, Silver Lake,
Ivy Creek, Mountain View, Parkside, Summit, Fairview, Greenbrier, Twin Oaks, Holly Springs,
Rosa Parks, Mary McLeod Bethune, César Chávez, Sequoyah, Dolores Huerta, Jimmy Carter, Coretta Scott King,
John Lewis, Maya Angelou, Sally Ride, Katherine Johnson, Ellen Ochoa, Wilma Mankiller, Fred Korematsu,
Thurgood Marshall, Juliette Gordon Low, Flannery O'Connor, Benjamin Mays, Sonia Sotomayor, Grace Hopper,
Patsy Mink, Roberto Clemente, Booker T. Washington, W.E.B. Du Bois, Frederick Douglass, Harriet Tubman,
Sojourner Truth, Ruby Bridges, Langston Hughes, Zora Neale Hurston, Alice Walker, Ida B. Wells
""")
