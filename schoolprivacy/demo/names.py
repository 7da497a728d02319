"""Word lists for fictitious Dutch demo and benchmark data.

Common names are combined at random, so no generated person is a real one. The towns are made up;
the street names are the generic ones every Dutch town has. Generated email addresses use the
reserved `.example` top-level domain (RFC 2606), so nothing can ever be delivered to a real inbox.
"""

# The lists are kept dense on purpose: one name per line would make a word list read like code.
# fmt: off

GIRLS = (
    "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Yara", "Eva",
    "Saar", "Anna", "Evi", "Noor", "Liv", "Fenna", "Lotte", "Olivia", "Nina", "Lieke",
    "Isa", "Roos", "Fleur", "Femke", "Jasmijn", "Maud", "Lynn", "Elin", "Hanna", "Lina",
    "Fatima", "Amira", "Aya", "Imane", "Meryem", "Elif", "Zeynep", "Sanne", "Iris", "Vera",
    "Floor", "Linde", "Merel", "Jente", "Ilse", "Anouk", "Bente", "Daphne", "Esmee", "Hailey",
    "Kiki", "Demi", "Naomi", "Chaimae", "Priya", "Shanti", "Mirthe", "Romy", "Silke", "Veerle",
)

BOYS = (
    "Noah", "Sem", "Liam", "Lucas", "Daan", "Finn", "Levi", "Luuk", "Mees", "James",
    "Milan", "Sam", "Noud", "Bram", "Jesse", "Thijs", "Ties", "Adam", "Max", "Boaz",
    "Siem", "Gijs", "Jens", "Teun", "Ruben", "Stijn", "Thomas", "Hugo", "Olivier", "Jayden",
    "Mohammed", "Ayoub", "Yusuf", "Rayan", "Amir", "Emir", "Mert", "Omar", "Bilal", "Ilias",
    "Jan", "Pieter", "Koen", "Joris", "Wouter", "Sven", "Tygo", "Dex", "Hidde", "Jurre",
    "Kevin", "Rohan", "Dylan", "Niels", "Owen", "Quinten", "Rens", "Senna", "Tobias", "Wessel",
)

# Second given names, as on a birth certificate ("Sanne Maria").
MIDDLE_NAMES = (
    "Maria", "Johanna", "Elisabeth", "Anna", "Catharina", "Cornelia", "Hendrika", "Wilhelmina",
    "Johannes", "Petrus", "Cornelis", "Hendrik", "Willem", "Jacobus", "Gerardus", "Antonius",
)

# (prefix, surname): the voorvoegsel is stored apart because Dutch sorts on the surname itself.
SURNAMES = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("de", "Bruin"), ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"),
    ("", "Willems"), ("van", "Vliet"), ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"),
    ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"),
    ("", "Blom"), ("", "Huisman"), ("", "Peeters"), ("de", "Jonge"), ("", "Kuipers"),
    ("van", "Veen"), ("", "Post"), ("", "Kuiper"), ("", "Veenstra"), ("", "Kramer"),
    ("van den", "Brink"), ("", "Scholten"), ("van", "Wijk"), ("", "Postma"), ("", "Martens"),
    ("", "Vink"), ("de", "Ruiter"), ("", "Timmermans"), ("", "Groen"), ("", "Gerritsen"),
    ("", "Jonker"), ("van", "Loon"), ("", "Boer"), ("van der", "Velde"), ("", "Willemsen"),
    ("", "Smeets"), ("de", "Lange"), ("de", "Vos"), ("", "Bosch"), ("van", "Dongen"),
    ("", "Schipper"), ("de", "Koning"), ("van der", "Laan"), ("", "Koning"), ("van der", "Velden"),
    ("", "Driessen"), ("van", "Doorn"), ("", "Hermans"), ("", "Evers"), ("van den", "Bosch"),
    ("van der", "Meulen"), ("", "Hofman"), ("", "Bosman"), ("", "Wolters"), ("", "Sanders"),
    ("van der", "Horst"), ("", "Mol"), ("", "Kuijpers"), ("", "Molenaar"), ("van de", "Pol"),
    ("de", "Leeuw"), ("", "Verbeek"), ("in 't", "Veld"), ("ter", "Horst"), ("op de", "Kamp"),
    ("", "Yılmaz"),  # noqa: RUF001 (Turkish dotless i)
    ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Çelik"),
    ("El", "Amrani"), ("", "Bouzid"), ("", "Benali"), ("El", "Idrissi"), ("", "Ouali"),
    ("", "Kartosen"), ("", "Pinas"), ("", "Tjon"), ("", "Sital"), ("", "Ramdin"),
    ("", "Nguyen"), ("", "Kowalski"), ("", "Nowak"), ("", "Haddad"), ("", "Mohamud"),
)

STREETS = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Julianastraat", "Beatrixlaan",
    "Wilhelminastraat", "Stationsweg", "Lindelaan", "Kastanjelaan", "Eikenlaan", "Beukenlaan",
    "Berkenstraat", "Wilgenhof", "Populierenlaan", "Rozenstraat", "Tulpstraat", "Narcishof",
    "Sportlaan", "Parkweg", "Vijverhof", "Havenstraat", "Dijkweg", "Kanaalweg", "Brinkweg",
    "Marktplein", "Nieuwstraat", "Achterweg", "Zandweg", "Veldstraat", "Esdoornhof",
    "Merelstraat", "Lijsterbeslaan", "Zwaluwstraat", "Meeuwenlaan", "Reigerstraat",
    "Vondelstraat", "Rembrandtlaan", "Van Goghstraat", "Mauritsweg", "Oranjestraat",
)

# Made-up places, so a generated address never points at a real house.
TOWNS = (
    "Beekveld", "Oosterwijde", "Lindendal", "Wilgendam", "Zandhoven", "Brakelveen",
    "Heuveloord", "Noorderzijl", "Rietvenne", "Eikenhorst", "Middelwaard", "Sluisdijk",
)

PRIMARY_SCHOOL_NAMES = (
    "De Regenboog", "De Wilgenhoek", "Het Kompas", "De Zonnewijzer", "De Vlinderboom",
    "Het Palet", "De Springplank", "De Ark", "De Klimop", "Het Startblok", "De Meidoorn",
    "De Toverfluit", "De Zevensprong", "Het Mozaïek", "De Windroos", "De Schakel",
)
PRIMARY_SCHOOL_PREFIXES = ("OBS", "CBS", "RKBS", "IKC")

SECONDARY_SCHOOL_NAMES = (
    "Vlietland College", "Lindenlyceum", "Het Baken", "Scholengemeenschap De Meent",
    "Waterland College", "Het Rietveld Lyceum", "Veenoord College", "De Brug",
)

# Parents' first names: the generation that now has children at school.
WOMEN = (
    "Linda", "Sandra", "Marieke", "Ingrid", "Esther", "Kim", "Mariska", "Petra", "Judith",
    "Monique", "Saskia", "Anouk", "Yvonne", "Miriam", "Nicole", "Danielle", "Eline", "Charlotte",
    "Naima", "Samira", "Hatice", "Ayşe", "Sevda", "Nadia", "Sharda", "Mei", "Agnieszka", "Joyce",
)
MEN = (
    "Mark", "Dennis", "Jeroen", "Erik", "Martijn", "Bas", "Sander", "Ronald", "Michiel", "Rick",
    "Frank", "Maarten", "Tim", "Paul", "Vincent", "Arjen", "Robin", "Remco", "Edwin", "Patrick",
    "Mohamed", "Hasan", "Mustafa", "Khalid", "Rachid", "Ravi", "Tomasz", "Ahmed",
)
# fmt: on

# Reasons a court or the school records for withholding information from a parent.
RESTRICTION_REASONS = {
    "court_order": (
        "Beschikking van de rechtbank (fictief voorbeeld): geen informatie over het kind aan "
        "deze ouder tot nader order."
    ),
    "child_interest": (
        "Informatie aan deze ouder schaadt volgens de jeugdbeschermer het belang van het kind "
        "(fictief voorbeeld); besluit met redenen vastgelegd."
    ),
}
