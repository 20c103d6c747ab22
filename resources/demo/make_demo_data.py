#!/usr/bin/env python3
"""Writes Headliner's built-in demo dataset: train.csv and test.csv beside this script.

    python3 resources/demo/make_demo_data.py          # rewrites both CSVs (deterministic)
    python3 resources/demo/make_demo_data.py --check  # exits 1 if the CSVs on disk differ

The headlines are invented by the project: every person, company, team, product, city and
country named below is made up (a few real institutions such as the United Nations appear only
in passing). Nothing is taken from AG News or any other corpus. Licence: CC0 1.0 (see README.md).

How it works: each news class (1 World, 2 Sports, 3 Business, 4 Sci/Tech, as in AG News) has a
bank of hand-written story frames. A frame is one kind of story and holds several headline
templates (H), first sentences (L) and optional second sentences (F) that all fit each other;
{slots} are filled from the banks of invented names and from random numbers and dates. A few
frames are ambiguous by nature (a football club's takeover, a tech firm's results, a trade
war): they carry two labels and each row drawn from them gets one of them, as real news does.
Rows are drawn per class with a fixed seed, checked (headline 5-14 words, description 15-45
words in 1-2 sentences, no repeated text even after lowercasing and dropping punctuation,
headlines unique), shuffled, and split into train (500 per class) and test (100 per class).
The output is the AG News CSV as published: no header, "label","title","description".

Standard library only; the output depends on nothing but this file (fixed seed, Python's
random.Random is stable across versions for the calls used here: random(), randint(), choice(),
choices(), shuffle() on lists).
"""

import csv
import io
import random
import re
import sys
from pathlib import Path

SEED = 20240917
TRAIN_PER_CLASS = 500
TEST_PER_CLASS = 100
LABELS = {1: "World", 2: "Sports", 3: "Business", 4: "Sci/Tech"}

# ----------------------------------------------------------------------------------------------
# Banks of invented names
# ----------------------------------------------------------------------------------------------

FIRST_M = """Tomas Daniel Rafael Ivan Kenji Samuel Omar Lukas Mateo Arjun Pavel Felix Hugo Andre
Viktor Marco Elias Jonah Niko Stefan Dmitri Kwame Ravi Emil Joaquin Anton Malik Henrik Bruno Theo
Oskar Adrian Yusuf Caleb Desmond Farid Gareth Liam Nathan Rohan Ibrahim Luca Sven Tariq Jules
Mikael Diego Kofi Hamid Bastian Lorenzo Idris Cyrus Tobias Ruben""".split()
FIRST_F = """Elena Maria Aiko Sofia Ingrid Amara Lucia Nadia Hannah Priya Clara Yasmin Marta Leila
Greta Ana Chloe Irina Zara Mei Freya Talia Beatriz Noor Johanna Camille Rosa Ayesha Vera Simone
Lena Keiko Olga Fatima Carmen Nina Astrid Maya Iris Helena Adaeze Paloma Signe Renata Esther
Mira Sabine Ines Dalia Petra Noemi Celeste Imke Farah""".split()
LAST = """Marek Vandersloot Okafor Lindqvist Castellano Moreau Haddad Kowalczyk Brennan Takeda
Petrov Albescu Nakamura Delacroix Ferreira Holm Mensah Szabo Reyes Varga Oyelaran Sorensen Kaplan
Iversen Duarte Abernathy Quintero Halloran Strand Bexley Okonkwo Rasmussen Tamura Vidal Whitcombe
Zelenko Arkwright Benedek Dragan Ekstrom Fairbanks Galloway Hartigan Ishikawa Jovanovic Kessler
Lombardi Marchetti Novak Osei Pellegrini Rourke Salazar Thorne Ueda Valente Wexler Yilmaz Zamora
Achterberg Bianchi Coleridge Esposito Falkner Grieve Hollis Ibarra Kirwan Larkin Moravec Nyberg
Ortega Pryce Sato Tiernan Ulrich Winslow Yoshida Zhukov Amadi Brandt Cavanagh Dimitriou Eriksen
Ferro Gallo Hayashi Juarez Kagame Lund Mwangi Nilsen Obradovic Paz Rinaldi Sokolov Toivonen
Uribe Voss Wainwright Adeyemi Barros Castro Demir Estrada Fonseca Greaves Horvath Ilunga Janssen
Kaur Lachance Maddox Nkemelu Orsini Pastor Quinlan Rhee Soto Trent Valdez Wolski""".split()

# (country, adjective, capital): all invented
COUNTRIES = [
    ("Arvenia", "Arvenian", "Solvik"), ("Belmora", "Belmoran", "Port Castell"),
    ("Castavia", "Castavian", "Orvale"), ("Dornland", "Dornish", "Kelsburg"),
    ("Estrava", "Estravan", "Miraflor"), ("Falmoria", "Falmorian", "Tessaly"),
    ("Gorvany", "Gorvanian", "Brask"), ("Halvecia", "Halvecian", "Linzer"),
    ("Istrana", "Istranan", "Vel Marin"), ("Kestria", "Kestrian", "Adrova"),
    ("Lusavia", "Lusavian", "Porto Lume"), ("Marvella", "Marvellan", "San Telmo"),
    ("Nordavia", "Nordavian", "Havnby"), ("Orlandia", "Orlandian", "Keswater"),
    ("Quessa", "Quessan", "Amrad"), ("Rovenia", "Rovenian", "Drovka"),
    ("Sarkand", "Sarkandi", "Tezmir"), ("Ulmeria", "Ulmerian", "Castelbrun"),
    ("Veskar", "Veskari", "Ostgrad"), ("Zembra", "Zembran", "Kalundu"),
    ("Tamaru", "Tamaruan", "Nakoro"), ("Cordessa", "Cordessan", "Bellamar"),
    ("Jarvona", "Jarvonan", "Eskel"), ("Moldraka", "Moldrakan", "Vitrazh"),
]
PROVINCES = """Kessel Marro Tarvin Oskara Belden Vashti Ruvo Hallam Senna Dravec Altamar Perrin
Lorca Zemmun Ilvara Corbet Tasha Nevin Ostrel Quillan""".split()
TOWNS = ["Varnholm", "Essling", "Puerto Calma", "Drovek", "Tamsin", "Kirova Bay", "Lussa", "Monteval",
         "Bergfeld", "Saint Aubrey", "Orenko", "Zaltan", "Ruvena", "Mokassa", "Halden Ford", "Teskal",
         "Amberg", "Villa Rosada", "Kordon", "Nyssa"]
CITIES = ["Harbor City", "Eastbrook", "Redbridge", "Castlebury", "Norwell", "Lakeport", "Ashford Falls",
          "Brightwater", "Kingsmere", "Westhaven", "Millbrook", "Stonebridge", "Fairhaven", "Granite Bay",
          "Oakridge", "Silverton", "Marlow Point", "Crestview", "Pinefield", "Ravensport"]
PARTIES = ["Social Democrats", "National Unity Party", "Green Alliance", "People's Front",
           "Liberal Reform Party", "Farmers' Union", "Civic Renewal Movement", "Labour Bloc",
           "Christian Democratic Union of the North", "Progress Party", "Justice and Dignity Party",
           "New Horizon Party"]
ORGS = ["the United Nations", "the Red Cross", "the World Food Programme", "the regional security bloc",
        "Doctors Without Borders", "the UN refugee agency", "the European Union",
        "the Commonwealth of Coastal States"]
NGOS = ["Hope Across Borders", "the Field Medicine Trust", "Open Hands", "WaterBridge",
        "the Children's Relief Fund", "Mercy Relief"]
LAW_TOPICS = ["media", "land ownership", "pension", "fuel tax", "citizenship", "public assembly",
              "internet", "language", "mining", "water rights"]
STORMS = ["Marisol", "Tobin", "Odessa", "Kirra", "Lionel", "Anouk", "Bartholomew", "Seline", "Harun", "Delphine"]

SOCCER_CLUBS = [("Redbridge United", "Redbridge"), ("Castlebury Athletic", "Castlebury"),
                ("Norwell Rovers", "Norwell"), ("FC Lakeport", "Lakeport"), ("Kingsmere City", "Kingsmere"),
                ("Westhaven Albion", "Westhaven"), ("Sporting Eastbrook", "Eastbrook"),
                ("Stonebridge Wanderers", "Stonebridge"), ("Millbrook Town", "Millbrook"),
                ("Real Fairhaven", "Fairhaven"), ("Ravensport FC", "Ravensport"),
                ("Granite Bay Rangers", "Granite Bay"), ("Oakridge Villa", "Oakridge"),
                ("Silverton County", "Silverton"), ("Ashford Falls Harriers", "Ashford Falls"),
                ("Crestview Olympic", "Crestview")]
US_TEAMS = [("Harbor City", "Mariners"), ("Lakeport", "Falcons"), ("Eastbrook", "Comets"),
            ("Pinefield", "Lumberjacks"), ("Silverton", "Miners"), ("Granite Bay", "Sharks"),
            ("Crestview", "Hawks"), ("Marlow Point", "Pilots"), ("Oakridge", "Stags"),
            ("Brightwater", "Tides"), ("Westhaven", "Knights"), ("Norwell", "Bison"),
            ("Fairhaven", "Foxes"), ("Ravensport", "Ravens"), ("Kingsmere", "Monarchs"),
            ("Stonebridge", "Titans"), ("Ashford Falls", "Rapids"), ("Millbrook", "Owls")]
LEAGUES = ["the Premier Division", "the top flight", "the national league"]
SPORT_SPONSORS = ["Brightwater Foods", "SkyArc Airways", "Telvana", "Northgate Capital", "Varga Motors",
                  "Oceana Beverages", "Kingsmere Financial"]

BANKS = ["First Harbor Bank", "Meridian Trust", "Kingsmere Financial", "Albion Savings", "Northgate Capital",
         "Solvik Bank", "Castell Bancorp", "Ironbridge Bank"]
RETAILERS = ["ValueMart", "Hollis & Crane", "Greenleaf Grocers", "Bramble Stores", "ShopWise",
             "Corner & Co.", "Marlowe Department Stores", "FreshFare"]
AIRLINES = ["SkyArc Airways", "Bluewing Air", "TransCastell", "Pelican Airlines", "Northern Star Air",
            "Coastline Express"]
CARMAKERS = ["Varga Motors", "Kestrel Automotive", "Halden Motor Co.", "Ostwind Autos", "Marlowe Cars",
             "Sable Motors"]
ENERGY_COS = ["PetroVesk", "Northsea Energy", "Caldera Oil", "SunGrid Power", "Atlas Petroleum",
              "Blackwater Gas"]
CONSUMER_COS = ["Brightwater Foods", "Golden Fields", "Maple & Rye", "Oceana Beverages", "Crispin Snacks",
                "Luma Cosmetics", "Halcyon Brewing"]
INDUSTRIAL_COS = ["Norvale Holdings", "Castell Group", "Brightline Industries", "Ostrander Corp.",
                  "Kelvin & Marsh", "Aldermoor Group", "Ironvale Mining", "Redrock Steel",
                  "Tillman Chemicals", "Granite Shipping"]
PHARMA_COS = ["Halvex Pharma", "Corvina Biotech", "Meditra Labs", "Solace Therapeutics", "Verdant Health"]
INSURERS = ["Bulwark Insurance", "Harbor Mutual", "Evergreen Assurance"]
BROADCASTERS = ["Starline Media", "Northlight Broadcasting", "Channel Six Network", "Arena Sports TV",
                "Telvana TV"]
MEDIA_COS = ["Starline Media", "Parallax Studios", "Northlight Broadcasting", "Daybreak Publishing"]
TELCOS = ["Telvana", "Connexa", "NetWave Mobile", "Orbis Telecom"]
SECTORS = ["banking", "retail", "shipping", "steel", "food", "insurance", "airline", "mining", "chemicals",
           "logistics"]
INDEXES = ["the Castell 100", "the Meridian All-Share", "the Solvik composite", "the Harbor 500"]
COMMODITIES = [("coffee", "pound", 140, 390), ("wheat", "bushel", 480, 890), ("cocoa", "tonne", 240000, 890000),
               ("sugar", "pound", 16, 29), ("maize", "bushel", 390, 690), ("cotton", "pound", 62, 99),
               ("soybean", "bushel", 980, 1590)]  # price range in cents

SOFTWARE_COS = ["Quillsoft", "Datavine", "Corelink Systems", "Brightbyte", "Softmere", "Lattice Labs",
                "Northwind Code"]
CHIP_COS = ["Siltron", "Nanovia", "Microvale", "Helix Semiconductor", "Arclight Chips"]
DEVICE_COS = ["Nexora", "Pomelo", "Zentra", "Lumio", "Kairo Electronics"]
NET_COS = ["Searchly", "FriendLoop", "Clipstream", "Wanderly", "Pinpoint", "Chirrup"]
GAME_COS = ["Pixelforge", "Ironclad Games", "Moonhare Studios", "Quasar Interactive"]
SECURITY_COS = ["Sentinel Labs", "Bastion Security", "Cipherwall", "Greyhound Threat Research"]
SPACE_COS = ["Orbital Dynamics", "Skyreach Launch", "Starhaven Aerospace"]
PHONE_MODELS = ["Pulse 8", "Air 3", "X12", "Nova", "Edge Mini", "Fold 2", "Vista Pro", "S9 Lite"]
OS_NAMES = ["Horizon 5", "Windowpane 11", "Tessera OS", "Kite 3.0", "Meridian Linux 9"]
GAMES = ["Shadows of Varn", "Kingdom Drift", "Starfall Legends", "Tidebreaker", "Neon Circuit",
         "Hollow Crown", "Iron Meadow", "Last Lantern"]
MALWARE = ["Sandcrawler", "Mimic.B", "Hollowtooth", "Glasswing", "Nightjar", "Copperhead", "Driftnet"]
PROBES = ["Aurora-3", "Kestrel", "Helios Relay", "Wayfarer", "Lodestar", "Tern", "Pathmark-2"]
TELESCOPES = ["the Meridian Space Telescope", "the Altamar Observatory", "the Polar Array",
              "the High Desert Telescope"]
PLANETS = ["Mars", "Venus", "Jupiter's moon Europa", "Saturn's moon Titan", "the Moon", "Mercury"]
UNIVERSITIES = ["Halbrook University", "Carden College", "the University of Eastbrook",
                "the Kingsmere Institute of Technology", "Westhaven University", "the Ostgrad Academy of Sciences",
                "Norwell Polytechnic"]
JOURNALS = ["the journal Natural Letters", "the Review of Applied Biology", "Earth Systems Quarterly",
            "the journal Science Horizons", "the Proceedings of the Northern Academy"]
MED_JOURNALS = ["Clinical Frontiers", "the Journal of Family Medicine", "the Public Health Review"]
ANIMALS = ["tree frog", "freshwater crab", "gecko", "orchid bee", "cave fish", "songbird", "bat",
           "dwarf chameleon", "deep-sea squid"]
FOSSILS = ["long-necked dinosaur", "giant flightless bird", "armoured fish", "early mammal",
           "feathered raptor", "marine reptile"]
FEVERS = ["malaria", "measles", "yellow fever", "cholera", "dengue", "typhoid"]
DISEASES = ["malaria", "tuberculosis", "Alzheimer's disease", "type 2 diabetes", "asthma", "migraine",
            "heart failure", "sickle cell disease"]
GADGETS = ["smartwatch", "e-reader", "tablet", "laptop", "wireless earbuds", "smart speaker", "VR headset"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]

# ----------------------------------------------------------------------------------------------
# Slot groups: "{name}" or "{name2}" (another pick of the same group) and "{name_attr}"
# ----------------------------------------------------------------------------------------------


def person(rng, titles=None):
    male = rng.random() < 0.55
    first = rng.choice(FIRST_M if male else FIRST_F)
    last = rng.choice(LAST)
    out = {"": f"{first} {last}", "last": last, "first": first,
           "he": "he" if male else "she", "his": "his" if male else "her",
           "him": "him" if male else "her"}
    if titles:
        out["title"] = rng.choice(titles)
    return out


def country(rng):
    name, adj, capital = rng.choice(COUNTRIES)
    return {"": name, "adj": adj, "capital": capital}


def pick(bank):
    return lambda rng: {"": rng.choice(bank)}


def number(lo, hi, fmt="{}"):
    return lambda rng: {"": fmt.format(rng.randint(lo, hi))}


def decimal(lo, hi, fmt="{:.1f}"):
    return lambda rng: {"": fmt.format(rng.randint(int(lo * 10), int(hi * 10)) / 10)}


def thousands(rng):
    return {"": f"{rng.randint(2, 95) * 1000:,}"}


def money_m(rng):
    return {"": f"${rng.randint(12, 980)} million"}


def money_b(rng):
    tenths = rng.randint(11, 240)
    if tenths >= 100 or tenths % 10 == 0:
        return {"": f"${round(tenths / 10)} billion"}
    return {"": f"${tenths / 10:.1f} billion"}


def score(lo_w, hi_w, max_gap):
    def make(rng):
        w = rng.randint(lo_w, hi_w)
        lo = max(0, w - max_gap)
        return {"": f"{w}-{rng.randint(lo, w - 1)}"}
    return make


def three_sets(rng):
    """A three-set tennis score from the winner's side, e.g. 6-4, 3-6, 7-5."""
    def won():
        return rng.choice(["6-1", "6-2", "6-3", "6-4", "7-5", "7-6"])
    def lost():
        return rng.choice(["2-6", "3-6", "4-6", "5-7", "6-7"])
    first, second = (won(), lost()) if rng.random() < 0.5 else (lost(), won())
    return {"": f"{first}, {second}, {won()}"}


def club(rng):
    full, short = rng.choice(SOCCER_CLUBS)
    return {"": full, "short": short}


def usteam(rng):
    city, nick = rng.choice(US_TEAMS)
    return {"": f"{city} {nick}", "nick": nick, "city": city}


def phone(rng):
    co = rng.choice(DEVICE_COS)
    model = rng.choice(PHONE_MODELS)
    return {"": f"{co} {model}", "co": co, "model": model}


def ordinal_number(lo, hi):
    def make(rng):
        n = rng.randint(lo, hi)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return {"": str(n), "th": f"{n}{suffix}"}
    return make


def date(rng):
    return {"": f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"}


def quarter(rng):
    return {"": rng.choice(["first", "second", "third", "fourth"])}


def commodity(rng):
    name, unit, lo, hi = rng.choice(COMMODITIES)
    cents = rng.randint(lo, hi)
    price = f"${cents / 100:,.2f}" if cents < 100000 else f"${cents // 100:,}"
    return {"": name, "unit": unit, "price": price}


GROUPS = {
    # people
    "person": lambda rng: person(rng),
    "leader": lambda rng: person(rng, ["President", "Prime Minister", "Chancellor"]),
    "minister": lambda rng: person(rng, ["Foreign Minister", "Interior Minister", "Defence Minister",
                                          "Finance Minister"]),
    "player": lambda rng: person(rng),  # one sex per row: see Slots
    "coach": lambda rng: person(rng),
    "exec": lambda rng: person(rng, ["chief executive", "chairman", "chief financial officer"]),
    "analyst": lambda rng: person(rng),
    "scientist": lambda rng: person(rng),
    # places and institutions
    "country": country,
    "province": pick(PROVINCES),
    "town": pick(TOWNS),
    "city": pick(CITIES),
    "party": pick(PARTIES),
    "org": pick(ORGS),
    "ngo": pick(NGOS),
    "lawtopic": pick(LAW_TOPICS),
    "storm": pick(STORMS),
    # sport
    "club": club,
    "usteam": usteam,
    "league": pick(LEAGUES),
    "sponsor": pick(SPORT_SPONSORS),
    # business
    "bank": pick(BANKS),
    "retailer": pick(RETAILERS),
    "airline": pick(AIRLINES),
    "carmaker": pick(CARMAKERS),
    "energyco": pick(ENERGY_COS),
    "consumerco": pick(CONSUMER_COS),
    "company": pick(RETAILERS + INDUSTRIAL_COS + CONSUMER_COS),
    "industrialco": pick(INDUSTRIAL_COS),
    "pharma": pick(PHARMA_COS),
    "insurer": pick(INSURERS),
    "mediaco": pick(MEDIA_COS),
    "broadcaster": pick(BROADCASTERS),
    "telco": pick(TELCOS),
    "sector": pick(SECTORS),
    "index": pick(INDEXES),
    "commodity": commodity,
    # technology and science
    "softco": pick(SOFTWARE_COS),
    "chipco": pick(CHIP_COS),
    "deviceco": pick(DEVICE_COS),
    "netco": pick(NET_COS),
    "gameco": pick(GAME_COS),
    "secco": pick(SECURITY_COS),
    "spaceco": pick(SPACE_COS),
    "phone": phone,
    "os": pick(OS_NAMES),
    "game": pick(GAMES),
    "malware": pick(MALWARE),
    "probe": pick(PROBES),
    "telescope": pick(TELESCOPES),
    "planet": pick(PLANETS),
    "uni": pick(UNIVERSITIES),
    "journal": pick(JOURNALS),
    "medjournal": pick(MED_JOURNALS),
    "animal": pick(ANIMALS),
    "fossil": pick(FOSSILS),
    "disease": pick(DISEASES),
    "fever": pick(FEVERS),
    "gadget": pick(GADGETS),
    # numbers and dates
    "weekday": pick(WEEKDAYS),
    "month": pick(MONTHS),
    "date": date,
    "ordinal": pick(ORDINALS),
    "numword": pick(NUMBER_WORDS),
    "small": number(2, 9),
    "few": number(3, 14),
    "dozens": number(15, 90),
    "hundreds": number(120, 900),
    "thousands": thousands,
    "casualties": number(6, 85),
    "pct": decimal(0.2, 4.9),
    "bigpct": number(11, 68),
    "turnout": number(48, 81),
    "lowturnout": number(31, 46),
    "boatpeople": number(60, 380),
    "fights": number(12, 38),
    "tvgames": number(100, 380),
    "fee": number(5, 19, "${}"),
    "points": number(24, 48),
    "avgpoints": number(18, 33),
    "saves": number(22, 45),
    "fgyards": number(24, 56),
    "errors": number(22, 58),
    "underpar": number(9, 22),
    "mya": number(40, 190),
    "runkmh": number(25, 60),
    "career": number(11, 20),
    "closescore": score(3, 8, 1),
    "streak": number(6, 9),
    "arena": number(6, 21, "{},000"),
    "threesets": three_sets,
    "workpct": number(3, 15),
    "winpct": number(44, 61),
    "marathonkm": number(25, 38),
    "seats": number(61, 118),
    "years": number(3, 25),
    "yearpast": number(1979, 2016),
    "year": number(2026, 2031),
    "yearfuture": number(2040, 2090),
    "age": number(19, 37),
    "oldage": number(54, 79),
    "km": number(5, 60),
    "kmh": number(140, 260),
    "mag": decimal(5.4, 7.8),
    "hours": number(24, 72),
    "clock": number(1, 12, "{}:00"),
    "money": money_m,
    "billions": money_b,
    "price": decimal(1.2, 98.5, "${:.2f}"),
    "songprice": decimal(0.6, 1.4, "${:.2f}"),
    "devprice": number(9, 129, "${}9"),
    "solar": number(24, 33),
    "barrel": decimal(58.0, 104.0, "${:.2f}"),
    "rate": decimal(1.0, 6.5, "{:.2f}"),
    "quarter": quarter,
    "jobs": number(2, 30, "{},000"),
    "soccerscore": score(2, 4, 3),
    "gridscore": score(17, 41, 14),
    "rugbyscore": score(18, 38, 12),
    "hoopscore": score(84, 121, 18),
    "basescore": score(2, 11, 6),
    "hockeyscore": score(2, 6, 3),
    "runs": number(6, 140),
    "seconds": decimal(9.6, 9.99, "{:.2f}"),
    "laps": number(3, 12),
    "stage": ordinal_number(2, 19),
    "strokes": number(3, 9),
    "minute": ordinal_number(52, 89),
    "rank": ordinal_number(2, 40),
    "century": number(100, 189),
    "balls": number(140, 260),
    "yards": number(210, 420),
    "gb": number(4, 64),
    "mp": number(12, 200),
    "version": decimal(2.0, 9.9),
    "lightyears": number(40, 1400, "{:,}"),
    "species": number(12, 400),
    "patients": number(120, 4200, "{:,}"),
    "users": number(2, 80),
}

HEADLINE_DROPS_THE = [n for n in UNIVERSITIES + TELESCOPES + ORGS if n.startswith("the ")]

SLOT = re.compile(r"\{(\w+)\}")
KEY = re.compile(r"^([a-z]+?)(\d*)(?:_(\w+))?$")


class Slots(dict):
    """Fills each slot on first use, so that {player} and {player_last} name the same person
    and {country} and {country2} name two different countries."""

    def __init__(self, rng):
        super().__init__()
        self.rng = rng
        self.used = {}

    def __missing__(self, key):
        m = KEY.match(key)
        if not m or m.group(1) not in GROUPS:
            raise KeyError(f"unknown slot {{{key}}}")
        base, instance, _ = m.groups()
        used = self.used.setdefault(base, set())
        for _ in range(50):
            values = GROUPS[base](self.rng)
            if base == "player" and self.setdefault("player_sex", values["he"]) != values["he"]:
                continue  # the players of one match, race or squad are all men or all women
            if values[""] not in used:
                break
        used.add(values[""])
        for attr, value in values.items():
            self[base + instance + ("_" + attr if attr else "")] = value
        if key not in self:
            raise KeyError(f"slot {{{key}}}: group {base} has no such attribute")
        return self[key]


VOWEL_SOUND = re.compile(r"\b([Aa]) ([AEIOUaeiou]\w*)")
CONSONANT_SOUND = re.compile(r"\b([Aa])n ([^AEIOUaeiou\W\d]\w*)")
SOUNDS_LIKE_YOU = ("uni", "use", "usu", "eu", "Eu", "one", "Uni", "Ukr")


def fix_articles(text):
    def vowel(m):
        word = m.group(2)
        if word.startswith(SOUNDS_LIKE_YOU):
            return m.group(0)
        return f"{m.group(1)}n {word}"

    def consonant(m):
        word = m.group(2)
        if word.lower().startswith(("hour", "honest", "heir")):
            return m.group(0)
        return f"{m.group(1)} {word}"

    text = VOWEL_SOUND.sub(vowel, text)
    # "an $8 million" stays (reads "an eight"); only letters are checked here
    return CONSONANT_SOUND.sub(consonant, text)


def capitalize_sentences(text):
    text = text[0].upper() + text[1:]
    return re.sub(r"([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def fix_number_articles(text):
    """'a 8-point lead' -> 'an 8-point lead', 'a 11,000' -> 'an 11,000' (as they are read)."""

    def sub(m):
        digits = m.group(2).replace("$", "")
        head = digits.split("-")[0].split(".")[0]
        eight = head.startswith("8")
        eleven = re.fullmatch(r"1[18](,\d{3})*", head) is not None
        return f"{m.group(1)}n {m.group(2)}" if eight or eleven else m.group(0)

    return re.sub(r"\b([Aa]) (\$?\d[\d,.\-]*)", sub, text)


# ----------------------------------------------------------------------------------------------
# Story frames. "@ LABELS name": LABELS is one class (1-4) or several as "3:60/4:40" (a row
# drawn from the frame for class 3 is labelled 3, and the frame is offered to class 3 with
# weight 0.6). H: headline, L: first sentence, F: optional second sentence. A frame may hold
# several related stories ("rates rise" / "rates fall"): a line tagged "H.a" or "L.bc" belongs to
# story a, or to stories b and c; each row picks one story and uses its lines and the untagged ones.
# ----------------------------------------------------------------------------------------------

WORLD = r"""
@ 1 election-opposition
H Opposition {party} claims victory in {country} election
H {country} election: early count puts opposition ahead
H Governing coalition loses its majority in {country} vote
H {country_adj} voters turn against ruling coalition in landslide
L Preliminary results released in {country_capital} on {weekday} gave the opposition {party} {winpct} percent of the vote, well ahead of the governing coalition.
L Election officials said turnout reached {turnout} percent as voters, angered by rising food and fuel prices, turned against the parties that have ruled {country} since {yearpast}.
L With most ballots counted, the {party} was on course to win {seats} of the 150 seats in parliament, according to the electoral commission.
F Coalition talks are expected to take several weeks.
F International observers said the vote was largely orderly, despite scattered reports of intimidation in rural areas.
F {leader_title} {leader_last} conceded defeat in a brief televised address shortly after midnight.
F Final results are due on {weekday2}.

@ 1 election-incumbent
H {country_adj} voters hand {leader_title} {leader_last} a second term
H {leader_last} re-elected in {country} despite weak economy
H {country} leader wins third term as opposition cries foul
L {leader_title} {leader}, who campaigned on promises to cut taxes and rebuild the rail network, told cheering supporters in {country_capital} that the result was a mandate to finish the job.
L The electoral commission said {leader_last} won {winpct} percent of the vote, while the main challenger, {person}, took most of the big cities.
L Turnout was low at {lowturnout} percent, and opposition parties said their observers had been barred from dozens of polling stations.
F The opposition said it would challenge the count in at least {few} districts.
F Neighbouring governments were quick to send their congratulations.
F {person_last} said {person_he} would not accept the result until every ballot had been recounted.

@ 1 truce
H.a {country} and {country2} agree to truce after border clashes
H Ceasefire largely holds in {country}'s {province} region
H.b Rebels and army sign ceasefire in {country_capital} talks
H Guns fall silent in {province} as truce takes effect
L The truce, brokered by {org} and signed late on {weekday}, requires both sides to pull heavy weapons back {km} kilometres from the front line.
L Residents of {town} said the night had passed without shelling for the first time in {few} weeks, and some families began returning to their homes.
L.b Under the deal, government troops and rebel fighters will exchange prisoners within {hours} hours and allow aid convoys into besieged villages.
F Monitors will be deployed along the front line next week.
F Both sides accused each other of minor violations within hours of the deadline.
F Previous ceasefires in the region have collapsed within days.

@ 1 clashes
H At least {casualties} killed as fighting spreads in {province} province
H Fighting flares again along {country}'s eastern border
H Rebels seize airport in northern {country}, officials say
H Army launches offensive to retake {town} from militants
L Officials in {country_capital} said at least {casualties} people had been killed since {weekday}, and aid groups warned that thousands more were fleeing toward the border.
L Residents reported heavy artillery fire overnight in the hills outside {town}, a day after government forces began a push against rebel positions.
L Rebel commanders said their fighters had taken control of the main road into {province}, cutting off supplies to an army garrison of several hundred soldiers.
F Neither claim could be independently verified.
F {org} called on both sides to protect civilians.
F The government has accused the rebels of hiding among civilians in the villages.
F It was the worst violence in the region since {yearpast}.

@ 1 state-visit
H {leader_title} {leader_last} arrives in {country2} for first state visit
H {country_adj} leader visits {country2} as ties warm after years of dispute
H {country} and {country2} sign water and energy deals during visit
L The two sides signed agreements on trade, energy and water sharing, and said a joint commission would try to settle the disputed stretch of border by {month}.
L {leader} is expected to meet business leaders and address parliament in {country2_capital} during the {small}-day visit, the first by a {country_adj} head of government in more than a decade.
L Relations between the neighbours broke down in {yearpast} after a quarrel over fishing rights and the arrest of a {country2_adj} diplomat.
F Officials described the talks as frank and constructive.
F Hundreds of people lined the road from the airport, some waving flags of both countries.
F Critics at home accused the government of giving away too much.

@ 1 summit
H Regional summit in {country_capital} ends without joint statement
H.a Leaders fail to agree on peacekeeping force at {country_capital} summit
H.b Summit of {few} nations focuses on drought and food security
L.a Delegates from {few} countries spent two days in {country_capital} but could not agree on how to share the cost of a new regional peacekeeping force.
L The meeting, hosted by {leader_title} {leader}, was overshadowed by a row over who should lead the bloc's election monitoring missions.
L.b Host officials had hoped the gathering would produce a common plan to fight the drought that has hit harvests across the region for a {ordinal} year.
F The next summit is scheduled for {month} in {country2_capital}.
F Several heads of state left early, sending deputies to the closing session.
F Aid agencies said the failure would cost lives.

@ 1 ties
H {country} restores diplomatic ties with {country2} after {years} years
H {country} to reopen embassy in {country2_capital}
H Old rivals {country} and {country2} exchange ambassadors
L The foreign ministers of the two countries announced the decision in a joint statement, saying it was time to put a long and painful dispute behind them.
L Ties were cut in {yearpast} after a border incident in which {small} soldiers were killed, and trade between the neighbours has since dwindled to almost nothing.
L Foreign Minister {minister} said flights between the two capitals would resume within months and that visa rules would be eased for students and traders.
F The move was welcomed by {org}.
F Opposition politicians said the government had been too quick to forgive.

@ 1 protests
H Thousands rally in {country_capital} against new {lawtopic} law
H Police fire tear gas at protesters in {country_capital}
H Protesters in {country} vow to stay on the streets until {leader_last} resigns
H Students march in {town} as anger over {lawtopic} rules grows
H General strike and protests shut down much of {country_capital}
L Organisers said more than {thousands} people joined the march, which began peacefully but ended in scuffles with riot police near the parliament building.
L The protests were sparked by a bill that critics say would give the government sweeping control over {lawtopic}, and which passed its first reading on {weekday}.
L Police said {small} officers were injured and {dozens} people were arrested after a crowd tried to break through barricades outside the interior ministry.
L Shops and schools stayed closed for a {ordinal} day as demonstrators blocked the main roads into the city with burning tyres and overturned buses.
F The interior minister blamed outside agitators for the unrest.
F Opposition leaders have called for another march on {weekday2}.
F The government said it was open to talks but would not withdraw the bill.

@ 1 quake
H Magnitude {mag} earthquake strikes {country}'s {province} region
H Rescuers search rubble for survivors after {country} earthquake
H Strong quake shakes {country_capital}, killing at least {casualties}
L The quake struck shortly after dawn at a depth of {km} kilometres, flattening mud-brick homes in several mountain villages, according to the national disaster agency.
L Rescue teams with sniffer dogs worked through the night in {town}, where a school and a hospital wing collapsed, the health ministry said.
L Tremors were felt as far away as {country2_capital}, and several aftershocks sent frightened residents running into the streets.
F The government has declared a state of emergency in {small} provinces.
F {org} said it was sending emergency teams to the area.
F Officials warned the toll was likely to rise as rescuers reached remote areas.

@ 1 floods
H Floods force {thousands} people from their homes in {country}
H Death toll from {country} floods rises to {casualties}
H Swollen rivers cut off dozens of towns in {province} region
H Heavy rain brings worst flooding in decades to {country}
L Days of heavy rain swelled rivers across the {province} region, washing away bridges and cutting road links to dozens of towns and villages.
L Army helicopters dropped food and drinking water to families stranded on rooftops in {town}, where the water rose more than two metres overnight.
L The floods have destroyed crops on more than {thousands} hectares of farmland, raising fears of food shortages later in the year.
F Forecasters expect more rain through the weekend.
F Aid agencies said clean water and medicine were urgently needed.
F Many survivors were sleeping in schools and churches on higher ground.

@ 1 cyclone
H.b Cyclone {storm} makes landfall near {town}, killing at least {casualties}
H.a {country} evacuates coast as Cyclone {storm} approaches
H.b Cyclone {storm} leaves trail of destruction across {country}
L.a Authorities ordered people in low-lying areas to leave their homes as the storm, packing winds of up to {kmh} kilometres an hour, headed for the {province} coast.
L.b The storm brought winds of up to {kmh} kilometres an hour, tearing roofs off houses and knocking out power to much of the coast.
L.b More than {thousands} people were moved to shelters before the cyclone hit, which officials said had kept the death toll lower than in past storms.
L.b Fishing villages along the {province} coast bore the brunt of the storm surge, with entire streets swept away, local officials said.
F The airport in {country_capital} was closed until further notice.
F.b Emergency crews were working to clear roads blocked by fallen trees.

@ 1 kidnap
H.a Gunmen seize {small} foreign engineers in {country}'s {province} region
H.b Aid workers abducted on road to {town} in {country}
H.c Armed group says it holds {country_adj} journalist
L.b The group, which includes {small2} nurses working for {ngo}, was seized at a checkpoint near {town} while travelling to a clinic.
L A previously unknown armed group claimed responsibility in a video and demanded the release of fighters held in government prisons.
L.a The engineers, who were building a water pipeline for the regional government, were taken from their camp before dawn on {weekday}, police said.
F The foreign ministry urged its citizens to leave the area.
L.c The reporter, who works for a {country2_adj} newspaper, disappeared on {weekday} while travelling to {town} to interview refugees.
F Their employer said it was in contact with the authorities.

@ 1 hostages-freed
H.a Aid workers kidnapped in {country} freed after {dozens} days
H.b {country_adj} journalist released by captors, ministry says
H.a Hostages freed in {country} arrive home to emotional welcome
L Officials in {country_capital} gave no details of how the release was secured and denied that any ransom had been paid.
L.a The {few} hostages were handed over to local elders near {town} and flown to the capital, where they were examined by doctors.
L Foreign Minister {minister} thanked the governments of {country2} and {country3} for their help in securing the release.
F All of them were said to be in good health.
F Negotiations were conducted through religious leaders, a local official said.

@ 1 boat
H Boat carrying migrants capsizes off {country} coast
H Dozens missing after migrant boat sinks near {town}
H Coast guard rescues {dozens} migrants from sinking boat
L The coast guard said {dozens} people had been rescued and that searches were continuing for at least {few} others who were missing.
L The wooden boat, which survivors said had left the coast of {country2} two days earlier with more than {boatpeople} people aboard, overturned in rough seas.
L Fishermen were the first to reach the scene and pulled several children from the water before coast guard vessels arrived.
F It was the {ordinal} such accident on the route this year.
F The survivors were taken to a reception centre in {town}.

@ 1 camps
H.a Aid groups warn of winter crisis in {country}'s refugee camps
H.a {thousands} refugees stranded at {country2} border as camps fill up
H.b {country} to reopen border crossing for refugees
L.a Aid groups say the camps near {town} were built for a few thousand people but now hold more than {thousands}, many of them women and children.
L.b The decision followed weeks of pressure from {org}, which said families fleeing the fighting had been turned back at the border.
L.a Temperatures in the hills around the camps are expected to fall below freezing within weeks, and many tents have no heating.
F.a Officials said the camps would need extra funding before winter.
F The interior ministry said it would review its asylum rules.

@ 1 sanctions
H UN Security Council weighs new sanctions on {country}
H Western states freeze assets of {country_adj} officials
H {country} faces arms embargo over crackdown on opposition
L The draft resolution would impose an arms embargo and a travel ban on senior officials accused of obstructing the peace process, diplomats said.
L The measures target {few} ministers and generals accused of ordering the violent break-up of protests in {country_capital} in {month}.
L {country_adj} officials called the sanctions an attack on the country's sovereignty and warned they would hurt ordinary people most.
F A vote is expected later this week.
F {country2} said it would use its veto if necessary.

@ 1 expel
H.a {country} expels {small} {country2_adj} diplomats in spying row
H.b {country2} recalls ambassador from {country_capital} over remarks
H.c {country} summons envoy after border guard is shot dead
L.a The foreign ministry accused the diplomats of gathering information on military sites and gave them {hours} hours to leave the country.
L.b The row erupted after {leader_title} {leader} accused the neighbouring government of arming rebel groups, a charge it strongly denies.
L.c The guard was killed on {weekday} night near {town}, and each side blames the other's patrol for opening fire first.
F.ab The embassy said the accusations were baseless.
F Analysts said the dispute could delay talks on a new border treaty.

@ 1 trial-pm
H.a Former {country_adj} prime minister {person} goes on trial
H.a Ex-leader {person_last} denies corruption charges in {country_capital} court
H.b {country} court jails former premier for {years} years
L.a Prosecutors accuse {person} of taking bribes worth millions in exchange for state contracts during {person_his} years in office, charges {person_he} denies.
L.b The court found {person_last} guilty of steering road-building contracts to companies owned by relatives, in a case that has gripped the country for months.
L {person_last}, who led the country from {yearpast}, arrived at the court under heavy guard and waved to supporters gathered outside.
F.a The trial is expected to last several months.
F.b Defence lawyers said they would appeal.
F.b Supporters outside the court chanted slogans as the verdict was read.

@ 1 court-election
H {country} supreme court annuls disputed presidential vote
H Judges order rerun of {country} election within {dozens} days
L The ruling, read out over {few} hours, found that irregularities in the count were serious enough to affect the outcome of the vote.
L The opposition had challenged the result after its candidate, {person}, lost by fewer than {thousands} votes in a count marred by missing ballot boxes.
F It is the first time a court in the region has overturned a presidential election.
F {leader_title} {leader_last} said {leader_he} disagreed with the ruling but would respect it.

@ 1 tribunal
H.a War crimes tribunal convicts former militia commander {person}
H.b Tribunal hears testimony on {yearpast} massacre in {town}
L.a Judges found {person} guilty of ordering attacks on villages during the civil war, in a case that took {years} years to reach a verdict.
L.b Survivors described how armed men surrounded {town} at dawn and separated the men from the women and children.
F.a Rights groups welcomed the decision as a step toward accountability.
F.a The sentence will be announced next month.
F.b The trial resumes on {weekday}.

@ 1 bombing
H.b Car bomb kills {casualties} near police station in {town}
H.a Suicide attack on market in {country} leaves dozens dead
H.c Blast hits army convoy on highway outside {country_capital}
L.a The explosion tore through a crowded market shortly before noon, police said, and many of the victims were women shopping for the weekend.
L No group has claimed responsibility, but officials blamed militants who have stepped up attacks in {province} province since {month}.
L.b Witnesses said the bomber drove a minibus into the checkpoint and detonated the explosives as guards approached.
L.c The roadside bomb struck a truck at the back of a convoy carrying soldiers to {town}, killing {casualties} of them, the army said.
F The interior minister promised to hunt down those responsible.
F It was the deadliest attack in the country this year.

@ 1 coup
H Soldiers seize state television in {country}, claim power
H {country} army says it has dissolved government and parliament
H Coup leaders in {country} promise elections within {small} years
L Officers appeared on state television early on {weekday} to announce that {leader_title} {leader} had been removed and that the constitution was suspended.
L Gunfire was heard near the presidential palace in {country_capital} overnight, and the airport and borders were closed, residents said.
L The new ruling council, led by Colonel {person}, said it had acted to end corruption and restore order after months of unrest.
F The coup was condemned by {org}.
F The whereabouts of the ousted leader were unknown.

@ 1 referendum
H.a {country} votes on new constitution in tense referendum
H.b {country_adj} voters reject plan to extend presidential term limits
L The proposed charter would create a second chamber of parliament and allow the president to serve a {ordinal} term, which critics say is its real purpose.
L.a Polling stations in {country_capital} reported long queues from early morning, and officials said turnout was above {turnout} percent.
L.b Official results showed a clear majority against the changes, a blow to {leader_title} {leader}, who had campaigned hard for them.
F.a Results are expected within three days.
F The government had campaigned heavily for a yes vote.

@ 1 cabinet
H.a {country_adj} foreign minister resigns over leaked recordings
H.b {leader_title} {leader_last} reshuffles cabinet after poll setback
H.c {country} defence minister sacked amid arms deal scandal
L.a The recordings, published by a news website on {weekday}, appeared to show {minister} discussing ways to delay an inquiry into {minister_his} ministry.
L.b {leader_last} replaced {few} ministers, including those for health and transport, in a move seen as an attempt to restore confidence before next year's election.
L.c The minister had faced growing pressure over the purchase of {few} patrol ships that auditors said were overpriced and unfit for service.
F The opposition called for early elections.
F Parliament will debate the affair next week.

@ 1 outbreak
H Cholera outbreak spreads in {country}'s crowded camps
H {country} reports {dozens} deaths from measles outbreak
H Health workers race to contain fever outbreak in {province}
L Health officials said more than {hundreds} cases had been recorded since {month}, most of them in camps where clean water and latrines are scarce.
L Vaccination teams struggled to reach villages in the hills around {town}, where fighting has closed roads and clinics for months.
F {ngo} appealed for funds to pay for vaccines and water tanks.
F Schools in the worst affected districts were closed.

@ 1 pirates
H.a Pirates hijack cargo ship off the coast of {country}
H.b Navy frees crew of tanker seized by pirates
L.a The vessel, carrying grain to {country2}, was boarded by armed men in two speedboats about {dozens} nautical miles from the coast, maritime officials said.
L.b Commandos stormed the tanker before dawn and freed all {dozens} crew members, who had been held for {few} days, the navy said.
F.a Piracy in the area has risen sharply this year.
F.b The shipowner said the crew were shaken but unhurt.

@ 1 aid-conference
H Donors pledge {billions} to rebuild war-torn {country}
H Aid conference in {country_capital} falls short of target
L Governments and aid agencies meeting in {country_capital} promised money for housing, schools and clearing landmines, but short of the sum the United Nations had sought.
L Officials said the money would be spent over {small} years and monitored by an independent panel to guard against corruption.
F Much of the aid pledged after the last conference never arrived.
F The largest pledges came from {country2} and {country3}.

@ 1 prisoner-swap
H {country} and {country2} swap prisoners in rare deal
H Dozens of prisoners of war return home to {country}
L The exchange took place at a border crossing near {town} under the supervision of the Red Cross, and involved {dozens} prisoners from each side.
L Relatives waited for hours at the crossing, some holding photographs of sons and brothers they had not seen since {yearpast}.
F Officials said further exchanges could follow.
F Both governments described the swap as a humanitarian gesture.

@ 1 campaign
H {country} opposition picks {person} to challenge {leader_last}
H Campaign opens in {country} ahead of {month} election
H Tight race expected as {country} heads to the polls
L {person}, a former mayor of {country_capital}, promised to fight corruption and to hold a referendum on the country's ties with {country2}.
L Polls show the two main parties almost level, with many voters still undecided about issues such as pensions, crime and the cost of living.
F Campaigning officially ends on {weekday}.
F Both sides have accused each other of misusing state media.

@ 1 crash
H.a Passenger plane crashes near {town}, killing all on board
H.b Ferry sinks on lake in {country}, dozens feared drowned
H.c Train derails in {country}'s {province} region
L.a The aircraft, a domestic flight from {country_capital} with {dozens} passengers and crew, went down in bad weather shortly before it was due to land.
L.b The ferry was carrying more than {hundreds} people, far above its capacity, when it capsized in strong winds, survivors told local radio.
L.c Carriages left the tracks on a bend near {town}, and rescuers used cutting equipment to free passengers trapped inside.
F.a Investigators have recovered the flight recorders.
F {leader_title} {leader_last} declared three days of national mourning.
F The cause of the accident was not known.
"""


SPORTS = r"""
@ 2 soccer-win
H {club_short} beat {club2_short} {soccerscore} to go top of the table
H Late goal gives {club} win over {club2}
H {club} stay unbeaten with {soccerscore} win at {club2_short}
H {club_short} edge past {club2_short} in scrappy derby
L A header from substitute {player} in the {minute_th} minute settled a tight game that {club2_short} had dominated for long spells.
L {club} made it {few} league games without defeat, though manager {coach} admitted {coach_his} side had been fortunate to hold on after a red card.
L {club2} had the better chances before the break, but {club_short} grew stronger after the interval and deserved the {soccerscore} win.
F The result lifts {club_short} {small} points clear at the top of {league}.
F {club2_short} remain in the bottom three.
F A crowd of {thousands} watched the game.

@ 2 soccer-double
H {player_last} double sinks {club2_short} as {club_short} cruise
H Two goals from {player_last} give {club_short} {soccerscore} win
L {player} scored twice in the second half as {club} came from behind to beat {club2} {soccerscore} on {weekday} night.
L {player} opened the scoring after {small} minutes and added a second from the penalty spot as {club} beat {club2} {soccerscore}.
F {player_last} now has {few} goals in {dozens} games this season.
F {club2_short} manager {coach} said {coach_his} players had lacked belief.

@ 2 soccer-draw
H {club_short} and {club2_short} share points in goalless draw
H Ten-man {club_short} hold {club2_short} to a draw
H {club_short} miss chance to go top after draw with {club2_short}
L Neither side could find a way through on a rain-soaked pitch, and {club2} goalkeeper {player} made three fine saves in the final ten minutes.
L {club} played the last half hour with ten men after {player} was sent off for a second yellow card, but defended well to earn a point.
F {club_short} travel to {club3_short} on {weekday}.
F The draw leaves both clubs in mid-table.

@ 2 soccer-cup
H {club_short} knocked out of cup by lower-league {club2_short}
H Cup holders {club_short} crash out against {club2_short}
H Giant-killers {club2_short} stun {club_short} in cup
L {club2}, who play two divisions below their opponents, took the lead through {player} and held on for a famous win in front of their own fans.
L {club} rested {few} regular starters and paid the price as {club2_short} scored twice in the last {small} minutes to win 2-1.
F The draw for the next round takes place on {weekday}.
F {club_short} manager {coach} apologised to the travelling supporters.

@ 2 soccer-shootout
H {club} reach cup final after penalty shootout
H Goalkeeper {player_last} the hero as {club_short} win on penalties
L Goalkeeper {player} saved two penalties as {club} won the shootout 4-3 after a 1-1 draw that had gone to extra time.
L {club} and {club2} could not be separated after 120 minutes, and {player} struck the decisive spot kick to send {club_short} through.
F The final will be played at the national stadium in {month}.
F It is the club's first final since {yearpast}.

@ 2 manager-sacked
H {club_short} sack manager {coach_last} after poor start
H {club} part company with coach {coach}
L {coach} was dismissed after a run of {few} games without a win left the club {small} points above the relegation zone.
L The club said in a statement that assistant coach {person} would take charge of training until a permanent replacement was found.
F {coach_last} had been in the job for less than a year.
F The club's owners are under pressure from fans after a summer of little spending.

@ 2 manager-hired
H {coach} appointed new coach of {club}
H {club} turn to former captain {coach_last} as manager
L The {oldage}-year-old signed a contract until the end of next season and will take charge of {coach_his} first game against {club2} on {weekday}.
L {coach}, who led {club2} to promotion two seasons ago, was the board's first choice after talks with two other candidates broke down.
F {coach_last} said {coach_he} was proud to return to the club where {coach_he} began {coach_his} career.
F Fans gave the appointment a mixed reception.

@ 2 transfer
H {club_short} sign striker {player} from {club2_short}
H {player} completes move to {club}
H {club} agree deal for {country_adj} midfielder {player}
L The {age}-year-old, who scored {few} goals for {club2} last season, signed a four-year contract and could make {player_his} debut against {club3} on {weekday}.
L {player}, capped {dozens} times by {country}, had been the subject of interest from several clubs after helping {club2_short} win promotion.
F {club_short} manager {coach_last} said {player_last} was exactly the player the team needed.
F The fee was not disclosed.

@ 2 basketball
H {usteam_nick} beat {usteam2_nick} {hoopscore} behind {player_last}'s {points} points
H {player} scores {points} as {usteam_nick} end losing streak
H {usteam_nick} rally in fourth quarter to stun {usteam2_nick}
L {player} scored {points} points and grabbed {few} rebounds as the {usteam} beat the {usteam2} {hoopscore} on {weekday} night.
L The {usteam_nick} trailed by {few} points entering the fourth quarter before a late run, capped by a three-pointer from {player} with {small} seconds left.
F The {usteam2_nick} have lost {few} games in a row.
F {coach}, the {usteam_nick} coach, praised the team's defence.

@ 2 basketball-home
H {usteam_nick} win {ordinal} straight at home, beating {usteam2_nick}
H Balanced {usteam_nick} roll past {usteam2_nick} {hoopscore}
L The {usteam} won for the {ordinal} straight time at home, with five players scoring in double figures, to beat the {usteam2} {hoopscore}.
L Guard {player} had {points} points and {few} assists, and the {usteam_nick} bench outscored the visitors' reserves by more than 20.
F The {usteam_nick} face the {usteam3_nick} on {weekday}.
F The {usteam2_nick} were without two injured starters.

@ 2 baseball
H {usteam_nick} edge {usteam2_nick} {closescore} in extra innings
H Home run in ninth lifts {usteam_nick} over {usteam2_nick}
L {player} hit a two-run homer in the ninth inning to give the {usteam} a {closescore} win over the {usteam2} on {weekday}.
L {player} singled home the winning run in the 11th inning after the {usteam2_nick} had tied the game with two outs in the ninth.
F The {usteam_nick} lead their division by {small} games.
F The two teams meet again on {weekday2}.

@ 2 pitcher
H {player} pitches the {usteam_nick} past the {usteam2_nick}
H {player_last} strikes out {few} in {usteam_nick} win
L {player} allowed just {small} hits over seven innings and struck out {few} as the {usteam_nick} beat the {usteam2} {basescore}.
L The {usteam_nick} left-hander retired the first {few} batters in a row and did not allow a run until the seventh inning.
F It was {player_last}'s {ordinal} win of the season.
F The {usteam_nick} have won {streak} of their last 10 games.

@ 2 hockey
H {usteam_nick} beat {usteam2_nick} {hockeyscore} in overtime
H {player} scores hat-trick as {usteam_nick} rout {usteam2_nick}
L {player} scored three times and goalie {player2} made {saves} saves as the {usteam} beat the {usteam2} {hockeyscore}.
L The {usteam_nick} scored twice on the power play in the second period and held on despite a late push from the visitors.
F The {usteam_nick} have won {streak} of their last 10 games.
F The teams meet again in {usteam2_city} on {weekday}.

@ 2 gridiron
H {usteam_nick} quarterback {player_last} throws for {yards} yards in win
H {usteam_nick} hold off {usteam2_nick} to stay unbeaten
H Late field goal gives {usteam_nick} victory over {usteam2_nick}
L Quarterback {player} threw {small} touchdown passes as the {usteam} beat the {usteam2} {gridscore} on {weekday}.
L A {fgyards}-yard field goal with {small} seconds left on the clock gave the {usteam_nick} their {ordinal} win of the season.
F The {usteam2_nick} lost their starting running back to a knee injury.
F The {usteam_nick} play the {usteam3_nick} next week.

@ 2 tennis-win
H {player} reaches semi-finals of the {city} Open
H {player} wins {city} Open for first title of the season
H {player_last} beats {player2_last} to reach {city} final
L {player} beat {player2} {threesets} in a match lasting almost three hours, saving {few} break points in the final set.
L The {age}-year-old {country_adj}, ranked {rank_th} in the world, needed just over an hour to complete a straight-sets victory over {player2}.
L {player_last} served {few} aces and dropped serve only once against {player2}, who struggled with a shoulder problem.
F {player_last} has now won {few} matches in a row.
F The doubles final will be played on {weekday}.

@ 2 tennis-upset
H Top seed {player2_last} knocked out in {city} second round
H {country_adj} teenager {player_last} stuns {player2_last} in three sets
H Qualifier {player} ousts defending champion in {city}
L {player}, ranked {rank_th} in the world, came back from a set down to beat {player2} in front of a stunned centre court crowd.
L {player2} had won {few} tournaments this year but made {errors} unforced errors against the {age}-year-old qualifier.
F {player_last} next faces {player3} for a place in the quarter-finals.
F {player2_last} said {player2_he} had no excuses.

@ 2 golf
H {player} takes {strokes}-shot lead at the {city} Classic
H {player_last} cards 64 to win {city} Invitational
H {player} wins {city} Classic by {strokes} shots
L {player} holed a long birdie putt on the 18th to finish on {underpar} under par, {strokes} shots clear of {player2}.
L {player} made seven birdies and an eagle in a bogey-free round, opening a gap that none of the chasing pack could close.
F The victory was worth {money} in prize money.
F {player_last} moves into the top {dozens} of the world rankings.

@ 2 golf-weather
H High winds wreck scoring at the {city} Classic
H Storms halt play at {city} Invitational
L Strong winds made scoring difficult on the links course, and only {few} players finished the third round under par, led by {player}.
L Thunderstorms forced officials to suspend play on {weekday} afternoon with {dozens} players still on the course.
F The final round will start early on {weekday2}.
F {player} shares the lead with {player2}.

@ 2 cycling-stage
H {player} wins stage {stage} of the Tour of {country}
H {player_last} takes leader's jersey in the mountains
H {player_last} solo attack wins summit finish in Tour of {country}
L {player} attacked on the final climb and crossed the line alone, {few} seconds ahead of {player2}, to win the {stage_th} stage.
L {player} dropped the other favourites on the last climb of the day to take the leader's jersey from {player2}.
F The race ends in {country_capital} on {weekday}.
F {player_last} now leads the general classification by {few} seconds.

@ 2 cycling-crash
H Crash in final kilometres shakes up Tour of {country}
H Race leader {player_last} loses time after crash on wet descent
L Several riders went down on a wet descent {km} kilometres from the finish, and race leader {player} lost more than a minute.
L {player}, who started the day in the leader's jersey, was treated for cuts after a crash and finished {few} minutes down.
F Team doctors said no bones had been broken.
F Stage {stage} was won by {player2}.

@ 2 grand-prix
H {player} wins {country} Grand Prix from pole position
H Title race tightens after {player_last} wins in {country}
L {player} led from start to finish at the {country} Grand Prix, finishing {few} seconds ahead of team-mate {player2}.
L {player} passed {player2} with {laps} laps to go and held on to take {player_his} {ordinal} win of the season.
F There are {small} races left in the season.
F {player2_last} finished second despite a slow pit stop.

@ 2 grand-prix-retire
H {player_last} crashes out as {player2_last} takes victory in {country}
H Engine failure ends {player_last}'s race in {country} Grand Prix
L Championship leader {player} retired after {laps} laps with an engine problem, handing {player2} the chance to cut the gap in the standings.
L {player} spun off on the opening lap after contact with another car, and {player2} went on to win comfortably.
F The team said it would investigate the failure.
F {player2_last} is now {few} points behind in the title race.

@ 2 hurdles
H {player} sets world record in the 400 metres hurdles
H World record falls as {player_last} wins hurdles in {city}
L {player} broke a record that had stood since {yearpast}, pulling away from the field over the final two hurdles.
L {player}, {age}, ran the fastest time in history to win the 400 metres hurdles at the {city} meeting, beating {player2} by several metres.
F A crowd of {thousands} packed the stadium.
F {player_last} said {player_he} had not expected to go so fast so early in the season.

@ 2 sprint
H {player_last} wins 100 metres in {seconds} seconds
H {player} edges {player2_last} in photo finish
L {player}, {age}, clocked {seconds} seconds to beat {player2} by a hundredth of a second in a photo finish.
L {player} recovered from a poor start to win the 100 metres, with {player2} second and {player3} third.
F {player_last} said {player_he} had been troubled by a hamstring injury all season.
F The championships continue on {weekday}.

@ 2 marathon
H {country_adj} runner {player_last} takes marathon title in {city}
H {player} wins {city} Marathon in course record
L {player} pulled clear of a group of five after {marathonkm} kilometres and won the {city} Marathon in a course record.
L More than {thousands} runners took part in the race, which was won by {player} in two hours and {few} minutes.
F {player2} of {country2} finished second, {few} seconds behind.
F Warm weather slowed the second half of the race.

@ 2 cricket-collapse
H {country} collapse as {country2} take control of first Test
H Spinners put {country2} on top against {country}
L {country} were bowled out for {runs} on the second day, with {country2_adj} spinner {player} taking {small} wickets for {dozens} runs.
L The {country_adj} batsmen struggled on a dry pitch, losing their last {small} wickets for just {dozens} runs after lunch.
F The {country_adj} captain said the batting had not been good enough.
F The second Test begins in {country_capital} on {weekday}.

@ 2 cricket-century
H {player} hits century to rescue {country}
H Captain {player_last} leads {country} fightback with unbeaten century
L {player} scored {century} runs from {balls} balls, sharing a stand of {dozens} with the last man to take {country} past {country2}'s total.
L Coming in with {country} at {small} wickets down, {player} batted for more than five hours to save the match.
F Play resumes on {weekday}.
F It was {player_last}'s {ordinal} century in Tests.

@ 2 cricket-series
H {country2} win series after thrilling final day
H {country2} chase down target to clinch Test series
L Needing {runs} runs to win with {small} wickets in hand, {country2} reached the target with {few} overs to spare.
L {player} hit the winning runs in the final hour as {country2} completed a {small}-wicket win and a 2-1 series victory over {country}.
F The two sides now play a series of one-day games.
F The {country2_adj} captain, {player2}, called it the best win of {player2_his} career.

@ 2 boxing
H.a {player} retains heavyweight title with knockout win
H.a {player_last} stops {player2_last} in the {ordinal} round
H.b {player_last} outpoints {player2_last} to claim world title
L.a {player} knocked down {player2} twice before the referee stopped the fight, extending {player_his} unbeaten record to {fights} fights.
L.b The judges scored the bout unanimously for {player_last}, who controlled the later rounds with a sharp left jab.
F A rematch is planned for {month}.
F The fight drew {arena} fans to the arena in {city}.

@ 2 swimming
H {player} breaks {country_adj} record in 200 metres freestyle
H {player_last} wins butterfly gold at swimming championships
L {player} touched the wall in a time that took almost a second off {player_his} own national record, finishing ahead of {player2}.
L {player} led at the turn and held off a late charge from {player2} to win {player_his} {ordinal} gold medal of the week.
F The championships end on {weekday}.
F {player_last} is expected to swim in the relay on {weekday}.

@ 2 relay
H {country} win relay gold at world swimming championships
H {country_adj} relay team sets championship record
L The {country_adj} team led from the first leg and won the 4x100 metres relay by more than a body length.
L Anchor swimmer {player} overtook {country2} in the final 20 metres to give {country} its first relay gold since {yearpast}.
F {country2} took silver and {country3} bronze.
F It was {country}'s {ordinal} gold of the championships.

@ 2 olympics-team
H {country} name {dozens}-strong team for the Olympics
H Injured {player_last} left out of {country}'s Olympic squad
L Selectors announced a team of {dozens} athletes, including {player}, who won silver at the last Games, and {few} teenagers competing for the first time.
L {player} has been recovering from ankle surgery and was not fit enough to meet the qualifying standard, team officials said.
F The Games open in {month}.
F {country}'s best medal hopes are in rowing and judo.

@ 2 injury
H {club_short} striker {player_last} out for six weeks with knee injury
H {player_last} a doubt for cup final after training injury
L {player} was hurt in a tackle during {weekday}'s game and a scan showed damage to knee ligaments, the club said.
L The {age}-year-old had been the team's leading scorer this season, and {player_his} absence is a major blow to {club}.
F The club said {player_he} would not need surgery.
F Manager {coach_last} said the team would have to find goals elsewhere.

@ 2 injury-us
H {usteam_nick} lose star guard {player_last} for the season
H {usteam_nick} forward {player_last} to miss playoffs
L {player} tore a tendon in {player_his} left ankle in the third quarter of {weekday}'s win over the {usteam2}, the team said.
L The {age}-year-old was averaging {avgpoints} points a game and had been named to the all-star team for the {ordinal} time.
F {player_last} will have surgery next week.
F The {usteam_nick} are {small} games out of first place.

@ 2 doping
H {player} banned for {small} years after failed drugs test
H {country_adj} sprinter {player_last} suspended pending doping case
L The anti-doping agency said a sample taken from {player} at a meeting in {month} contained a banned stimulant.
L {player}, who won a bronze medal at last year's world championships, denies wrongdoing and said {player_he} would appeal.
F {player_last}'s results since {month} will be erased.
F The athlete's coach said the substance came from a contaminated supplement.

@ 2 retirement
H {player} announces retirement after {career}-year career
H Veteran {player_last} to retire at end of season
L {player}, who won {few} major titles and captained {country} for years, said {player_his} body could no longer cope with the demands of the game.
L The {age}-year-old made the announcement at a news conference in {city}, saying {player_he} wanted to spend more time with {player_his} family.
F {player_last} will play {player_his} final match on {weekday}.
F Tributes poured in from team-mates and rivals.

@ 2 college
H {city} State rallies to beat {city2} in overtime
H Freshman {player_last} leads {city} State past {city2}
L Freshman {player} scored {points} points as {city} State rallied from {few} points down at half-time to win in overtime.
L {city} State held {city2} without a field goal for the last six minutes and won by {few} points.
F The conference tournament begins next week.
F The team's coach, {coach}, is in {coach_his} {ordinal} season.

@ 2 college-unbeaten
H Unbeaten {city} University seeks first title since {yearpast}
H {city} University stays perfect with road win
L The team has won all {few} of its games this season behind a defence that allows fewer than 60 points a game.
L Senior guard {player} scored {points} points as {city} University won away from home for the {ordinal} time this season.
F The team is ranked {rank_th} in the national poll.
F A crowd of {thousands} is expected for the next home game.

@ 2 rugby
H {country} beat {country2} to win rugby title
H Late try gives {country} victory in {country2_capital}
L Winger {player} scored a try in the final minute as {country} came from behind to beat {country2} {rugbyscore} in front of a sell-out crowd.
L {country} dominated the scrum and scored four tries to one, with fly-half {player} kicking {few} points in a {rugbyscore} win.
F The defeat ended {country2}'s run of {few} straight wins.
F Both teams now head to the World Cup.

@ 2 skiing
H {player} wins World Cup downhill in {town}
H {player_last} clinches slalom title with a race to spare
L {player} was fastest on a shortened course in {town}, beating {player2} by {few} hundredths of a second.
L A second-run surge took {player} from {ordinal} place to first, securing the overall slalom title before the final race of the season.
F Fog forced organisers to delay the start by two hours.
F It was {player_last}'s {ordinal2} World Cup win.

@ 2 preview-us
H Can the {usteam_nick} end their playoff drought this year?
H {usteam_nick} bet on youth as new season begins
L After missing the playoffs for {few} straight years, the {usteam} spent heavily in the summer and now have one of the deepest rosters in the league.
L The {usteam_nick} traded two veterans for draft picks and will start {small} players aged {age} or younger.
F The first game is on {weekday} against the {usteam2}.
F Tickets for the opening game sold out within an hour.

@ 2 preview-club
H {club} face crucial week with three games in seven days
H {club_short} look to end away jinx at {club2_short}
L The fixtures pile up for {club} this month, and manager {coach} said {coach_he} would rotate the squad to keep players fresh.
L {club} have not won at {club2}'s ground since {yearpast}, a run of {few} games that manager {coach} called a mental block.
F {player} is expected to return from injury.
F Kick-off is at 3pm on {weekday}.

@ 2 ticket-protest
H {club} fans protest over ticket price rises
H Supporters walk out as {club_short} raise season-ticket prices
L Supporters staged a walk-out in the {minute_th} minute of {weekday}'s game against {club2} after the club raised season-ticket prices by {bigpct} percent.
L Fan groups said families were being priced out of the game and called on the board to freeze prices for next season.
F The club said the price rises were needed to stay competitive.
F The game ended in a {soccerscore} defeat.
"""

BUSINESS = r"""
@ 3 earnings-beat
H {company} profit beats forecasts despite higher costs
H {company} quarterly earnings jump {bigpct} percent
H {company} lifts full-year outlook after strong quarter
H Strong demand drives record profit at {company}
L {company} said net income rose to {money} in the {quarter} quarter, helped by higher prices and lower shipping costs.
L The company earned {price} a share, well ahead of the {price2} analysts had expected, and revenue climbed {pct} percent to {billions}.
L {exec_title} {exec} told analysts that demand had held up better than expected and that the company would keep investing in new stores.
F Shares rose {pct} percent in early trading.
F The company also raised its quarterly dividend.
F Analysts said the results eased fears of a slowdown in consumer spending.

@ 3 earnings-miss
H {company} shares slide after profit warning
H {company} earnings fall short as costs bite
H Weak sales push {company} into a loss
L {company} said rising energy and raw material prices would cut full-year profit by as much as {bigpct} percent, sending its shares to a {few}-year low.
L The company reported a net loss of {money} for the {quarter} quarter, compared with a profit a year earlier, as discounting ate into margins.
L {company} blamed a wet summer and fierce competition from cheaper rivals for a {pct} percent drop in sales volumes.
F The company said it would cut costs and review its dividend.
F It was the {ordinal} profit warning in less than two years.
F Analysts at {bank} cut their price target on the stock.

@ 3 merger
H.a {company} agrees to buy {company2} for {billions}
H.b {company} and {company2} in merger talks
H.a {company} bids {billions} for rival {company2}
H.c Board of {company2} rejects takeover offer as too low
L.a The deal, which values {company2} at {price} a share, would create one of the largest listed companies in the region.
L.b People familiar with the talks said the two companies hoped to announce an all-share merger within weeks, although details could still change.
L.c {company2} said the offer significantly undervalued the business and urged shareholders to take no action.
F.ab The deal needs the approval of competition regulators.
F.ab The combined company would employ about {jobs} people.
F.a Shares of {company2} jumped {bigpct} percent on the news.

@ 3 rates-hike
H Central bank raises interest rates to {rate} percent
H {country} central bank lifts rates for {ordinal} time this year
H Rate rise surprises markets as inflation stays high
L The central bank of {country} raised its benchmark rate by a quarter point to {rate} percent, saying price pressures were proving more stubborn than expected.
L Policymakers voted {small} to {small2} for the increase, with the minority arguing that the economy was already slowing.
L Governor {person} said borrowing costs would stay high until inflation fell back toward the two percent target.
F The {country_adj} currency rose against the dollar after the decision.
F Economists expect at least one more increase before the end of the year.

@ 3 rates-cut
H Central bank cuts rates to {rate} percent as growth slows
H {country} trims interest rates to support economy
H Surprise rate cut in {country} lifts shares
H {country_adj} central bank lowers rates for {ordinal} time this year
L The central bank of {country} cut its main interest rate to {rate} percent, citing weak business investment and rising unemployment.
L Governor {person} said inflation had fallen faster than forecast, giving the bank room to lower borrowing costs for households and firms.
L Most economists had expected the bank to wait until {month}, and the decision sent the {country_adj} currency down {pct} percent against the dollar.
F Mortgage lenders are expected to pass on the cut within days.
F Bond yields fell to their lowest level since {month2}.
F The bank's next meeting is in {month3}.

@ 3 markets-up
H Stocks rally as oil prices ease
H Shares climb to record high on upbeat jobs data
H {index} gains {pct} percent as banks lead rally
L Shares rose across the board on {weekday} after a government report showed employers added more jobs than expected last month and wage growth slowed.
L {index} closed up {pct} percent, led by {sector} stocks, as investors bet that interest rates had peaked.
L Investors cheered a fall in oil prices and strong results from {industrialco}, lifting the main index to its highest close in {few} months.
F Trading volume was light ahead of a public holiday.
F Government bond prices also rose.

@ 3 markets-down
H Stocks tumble on fears of slowing growth
H {index} falls {pct} percent as {sector} shares slump
H Markets slide after weak factory data
L {index} dropped {pct} percent on {weekday}, its worst day since {month}, after a survey showed factory orders shrinking for a {ordinal} month.
L Shares of {sector} companies led the decline after {industrialco} warned that customers were delaying orders.
F Analysts said investors were moving into government bonds and gold.
F The dollar rose against most major currencies.

@ 3 oil
H.a Oil prices climb above {barrel} a barrel
H.b Crude falls as supplies build up
H.c Oil jumps after pipeline outage in {country}
L.ac Crude oil for delivery in {month} rose {pct} percent to {barrel} a barrel on {weekday}, its highest level in {few} weeks, as traders worried about supply.
L.b Prices fell for a {ordinal} straight session after government data showed stockpiles rose by more than expected last week.
L.c A fire at a pumping station in {country} cut exports by about {hundreds},000 barrels a day, according to the state oil company.
F.ac Petrol prices have risen by {pct2} percent since {month2}.
F.c Analysts said prices could swing sharply until the outage was fixed.

@ 3 layoffs
H.a {industrialco} to cut {jobs} jobs in restructuring
H.b {carmaker} to close plant in {city}, cutting {hundreds} jobs
H.c {bank} plans thousands of job cuts to lower costs
L.a {industrialco} said it would cut about {jobs} jobs, or {workpct} percent of its workforce, over the next two years as it shuts older plants.
L.b The plant in {city}, which has built engines since {yearpast}, will close by the end of next year, the company said.
L.c The bank said it would merge branches, move back-office work to cheaper locations and reduce management layers.
F Unions said they would fight the closures.
F The cuts are expected to save {billions} a year by {year}.

@ 3 strike
H.a Dock workers strike over pay at {city} port
H.b Rail strike halts freight and commuter trains
H.c Union members at {carmaker} vote to walk out
L.a About {thousands} dock workers walked off the job on {weekday}, leaving dozens of container ships waiting to unload.
L.ac The union is demanding a {bigpct} percent pay rise over three years, while management says it cannot offer more than {small} percent.
L.c Members voted by a large majority to strike after talks on pensions and overtime pay broke down late on {weekday}.
L.b Most trains were cancelled on {weekday} as drivers and signal staff walked out in a dispute over pay and working hours.
F.a Retailers warned of empty shelves if the dispute drags on.
F Talks are due to resume on {weekday2}.

@ 3 retail-sales
H.a Retail sales rise more than expected in {month}
H.b Shoppers cut back as prices bite, sales data show
H.c Holiday sales disappoint retailers
L.a Retail sales rose {pct} percent last month, the statistics office said, helped by strong demand for furniture and electronics.
L.bc Spending at shops fell for a {ordinal} month in a row, as households squeezed by higher food and energy bills held back on big purchases.
L.c Several large chains, including {retailer}, reported weaker sales in the crucial holiday period than a year earlier.
F.ab Economists had expected a smaller change.
F Online sales continued to grow faster than sales in stores.

@ 3 inflation
H.a Inflation eases to {pct} percent in {month}
H.b Consumer prices rise faster than expected
H.b Food prices push inflation to {few}-year high
L.a Annual inflation slowed to {pct} percent in {month} from a higher rate the month before, as fuel prices fell back, official figures showed.
L.b Prices of bread, milk and vegetables rose sharply after a poor harvest, pushing the annual rate to its highest since {yearpast}.
F The figures will be closely watched by the central bank.
F Wages are still rising more slowly than prices.

@ 3 gdp
H.a Economy grows {pct} percent in {quarter} quarter
H.b {country} slips into recession as output falls
H.a Growth beats forecasts as exports pick up
L.a Gross domestic product expanded at an annual rate of {pct} percent in the {quarter} quarter, helped by strong exports of machinery and cars.
L.b Output in {country} shrank for a second quarter in a row, meeting the usual definition of a recession, as factories cut production.
F The finance ministry said it still expected modest growth for the full year.
F.b Business investment fell for a {ordinal} quarter.

@ 3 airline
H.a {airline} posts loss as fuel costs soar
H.b {airline} to cut routes and ground {dozens} planes
H.c {airline} passenger numbers hit record in {month}
L.a {airline} said it lost {money} in the {quarter} quarter as higher fuel prices and fare wars on short routes offset strong demand.
L.b The carrier said it would drop {dozens} routes and ground older aircraft to save cash, while it seeks new investors.
L.c {airline} flew more than {few} million passengers in {month}, helped by new routes to the coast and strong demand from business travellers.
F.ab Shares in the airline fell {pct} percent.
F The airline has been in talks with {airline2} about a possible partnership.

@ 3 car-sales
H.a {carmaker} sales rise {pct} percent on demand for small cars
H.b {carmaker} shares fall as car sales slow
L.a {carmaker} sold {thousands} vehicles in {month}, up {pct} percent on a year earlier, with the strongest growth in compact models and pickup trucks.
L.b Sales of new cars fell for the {ordinal} month in a row, and {carmaker} said it would offer discounts to clear unsold stock.
F Rivals reported mixed results for the month.
F.b The company expects demand to recover next year.

@ 3 recall
H.a {carmaker} recalls {thousands} vehicles over brake fault
H.b {consumerco} recalls products after contamination scare
L.a The recall covers models built between {yearpast} and last year, and owners will be contacted by mail, the company said.
L.b {consumerco} said it was recalling products sold in {few} countries after a supplier reported that some ingredients might be contaminated.
F No injuries have been reported.
F The recall is expected to cost about {money}.

@ 3 ipo
H.a {company} plans stock market listing
H.b {company} shares jump {bigpct} percent on market debut
H.b {company} prices IPO at top of range
L.a {company} hopes to raise about {billions} by selling shares to the public, in what would be the largest listing in {city} this year.
L.b The shares opened at {price} and closed {bigpct} percent above their offering price, valuing the company at {billions}.
F Proceeds will be used to pay down debt.
F.a The listing is being led by {bank}.

@ 3 bankruptcy
H.a {retailer} files for bankruptcy protection
H.b {airline} collapses, stranding thousands of travellers
H.c Creditors take control of struggling {industrialco}
L.a The company, which has {hundreds} stores and employs about {jobs} people, said it would keep trading while it tries to restructure debts of {billions}.
L.b {airline} stopped flying overnight, leaving passengers stranded at airports across the region and {thousands} staff without jobs.
L.c Lenders will swap {billions} of debt for most of the shares in {industrialco}, wiping out existing shareholders, under a deal agreed on {weekday}.
F Suppliers said they were owed millions.
F.ab Administrators said they would seek buyers for parts of the business.

@ 3 ceo
H.a {company} chief executive {exec_last} to step down
H.b {bank} names {exec} as new chief executive
H.c {company} ousts CEO after sales slump
L.a {exec}, who has led the company since {yearpast}, will leave at the end of the year, the board said, and a search for a successor is under way.
L.b {exec}, currently head of the bank's investment division, will take over in {month} and has promised to simplify the group's structure.
L.c The board said it had lost confidence in the company's leadership after {few} years of falling market share.
F Shares rose {pct} percent on the news.
F.a {exec_last} will stay on as an adviser for six months.

@ 3 fine
H.a Regulator fines {bank} {money} over misleading loans
H.b {industrialco} faces antitrust probe over pricing
H.c {energyco} fined for breaching safety rules
L.a The financial watchdog said {bank} had sold expensive loan insurance to thousands of customers who did not need it.
L.b Competition officials said they would examine whether {industrialco} had used its dominant position to force suppliers to accept lower prices.
L.c The fine follows an inquiry into a leak at one of the company's refineries in {month}, which forced residents nearby to stay indoors.
F The company said it would cooperate fully.
F.b It has {small} weeks to respond to the findings.

@ 3 housing
H.a Home prices rise for {ordinal} straight month
H.b House sales fall as mortgage rates climb
H.b Builders start fewer new homes in {month}
L.a The average price of a home rose {pct} percent from the previous month, according to figures from the national lenders' association.
L.b Sales of existing homes fell to their lowest level since {yearpast}, as higher mortgage rates kept first-time buyers out of the market.
F Rents have also risen sharply.
F Economists expect the market to cool further this year.

@ 3 currency
H.a Dollar falls to {few}-month low against the euro
H.b {country_adj} currency slumps to record low
L.a The dollar weakened on {weekday} after data showed a slowdown in factory activity, fuelling bets that interest rates would soon fall.
L.b The currency has lost about {bigpct} percent of its value this year, driving up import costs and adding to pressure on the central bank.
F.b Traders said the central bank may step in to support the currency.
F.a Gold rose as the dollar fell.

@ 3 commodities
H.a {commodity} prices soar as drought hits growers
H.b {commodity} falls to {few}-year low on oversupply
L.a Prices of {commodity} rose {bigpct} percent this month as dry weather in {country} threatened the harvest, traders said.
L.b {commodity} for {month} delivery fell {pct} percent to {commodity_price} a {commodity_unit}, as large stocks from last season weighed on the market.
F.a Food companies have warned of higher shop prices.
F.b Hedge funds have cut their bets on higher prices.

@ 3 gold
H.a Gold hits record above $2,{hundreds} as investors seek safety
H.a Gold climbs for {ordinal} straight day on rate-cut hopes
H.b Gold slips to {few}-week low as dollar strengthens
H.b Gold falls {pct} percent after strong jobs report
L.a Gold rose above $2,{hundreds} an ounce for the first time on {weekday}, as worries about the economy and falling interest rates drew buyers.
L.a Investors piled into gold and government bonds after weak factory data from {country} raised fears of a global slowdown, traders said.
L.b Gold fell on {weekday} after strong jobs figures lifted the dollar and reduced the appeal of assets that pay no interest.
L.b Prices slid as investors sold gold to buy shares, which rallied after {industrialco} and other large companies reported better profits.
F.b Silver and platinum also moved lower.
F.a Central banks have been buying gold at a record pace.
F Analysts at {bank} expect prices to stay volatile.

@ 3 property-deal
H.a {insurer} buys office tower in {city} for {money}
H.b Shopping mall owner sells {dozens} centres to investors
L.a {insurer} said the purchase of the {dozens}-storey building in {city}'s financial district would provide steady rental income for its pension funds.
L.b The sale, worth {billions}, is the largest property deal of the year and will allow the company to reduce its debts.
F.a The building is fully let.
F Agents said demand for city-centre offices remains weak.

@ 3 trade-deficit
H.a Trade deficit widens as imports surge
H.b Exports rise {pct} percent on strong demand from {country}
L.a The trade gap grew to {billions} in {month}, the largest in {few} months, as imports of consumer goods and fuel outpaced exports.
L.b Shipments of machinery and chemicals to {country} led the increase, helped by a weaker currency that made goods cheaper abroad.
F.a The deficit was larger than economists had forecast.
F The government has promised to support exporters.

@ 3 pharma-deal
H.a {pharma} to buy {pharma2} in {billions} deal
H.b {pharma} profit falls as patent expires
L.a The acquisition gives {pharma} a range of treatments for {disease} and is expected to add to earnings within two years.
L.b Sales of the company's best-selling drug for {disease} fell {bigpct} percent after cheaper generic versions reached the market in {month}.
F.a Shares of {pharma2} jumped on the news.
F.b The company said it would cut costs to protect margins.

@ 3 insurance
H.a {insurer} counts cost of {month} storm claims
H.a Flood claims to cost {insurer} about {money}
H.b {insurer} raises premiums by {pct} percent after record payouts
H.b Home insurance costs to rise as {insurer} raises prices
L.a {insurer} said claims from the storms and floods of {month} would cost about {money}, wiping out most of its profit for the half year.
L.a The insurer received more than {thousands} claims after the floods, mostly for damaged homes and cars, and has hired extra staff to handle them.
L.b The insurer will raise home and car premiums by an average of {pct} percent next year to cover rising repair costs and storm damage.
L.b {insurer} said the cost of repairing cars had risen sharply because of higher prices for parts and labour, forcing it to charge customers more.
F Shares of {insurer} fell {pct2} percent.
F Other insurers are expected to follow.

@ 3 energy-bills
H {energyco} raises gas and electricity prices
H Energy bills to rise {bigpct} percent from {month}
L {energyco} said higher wholesale costs forced it to raise prices for about {few} million households, adding about $180 a year to a typical bill.
L The energy regulator said the cap on household bills would go up in {month}, the {ordinal} increase in a year.
F Consumer groups said many families would struggle to pay.
F Rival suppliers are expected to follow.

@ 3 media-deal
H.a {mediaco} agrees {billions} sale to private equity group
H.a Buyout firm to take {mediaco} private
H.b {mediaco} shares drop as advertising slump deepens
H.b {mediaco} ad revenue falls {bigpct} percent in {quarter} quarter
L.a The deal, worth about {billions} including debt, ends a long search for a buyer and will take {mediaco} off the stock market.
L.a The private equity group will pay {price} a share in cash, a premium of {bigpct} percent to the price before talks were disclosed in {month}.
L.b Advertising revenue fell {bigpct} percent in the {quarter} quarter as retailers and carmakers cut their marketing budgets.
L.b {mediaco} said it would cut {hundreds} jobs and close {small} magazines after advertisers spent less on print and television.
F.b The company said it would cut costs further.
F.a The sale is expected to close in {month2}.

@ 3 small-business
H.a Family-owned {consumerco} to open shops in {dozens} more cities
H.b Small firms say late payments threaten survival
L.a The company, founded in {city} in {yearpast}, plans to open {dozens} new shops over the next two years and hire about {hundreds} staff.
L.b A survey of {thousands} small businesses found that more than half had waited over two months to be paid by larger customers.
F.a The company started as a single shop run by the founder's parents.
F.b The government has promised new rules on payment times.
F.b Owners say bank lending has become harder to get.
"""

SCITECH = r"""
@ 4 phone-launch
H {phone_co} unveils {phone_model} with bigger battery
H First look: the {phone} trades its headphone jack for a better camera
H {phone_co} takes on rivals with cheaper {phone_model} phone
L The {phone} has a {mp}-megapixel camera, a brighter screen and a battery that the company says lasts two full days, and goes on sale on {date}.
L {phone_co} said the new handset would cost about a third less than its flagship model, aiming at younger buyers and emerging markets.
L Reviewers praised the {phone}'s display but said the software still felt unfinished, with several apps crashing during early tests.
F Pre-orders open on {weekday}.
F The phone will come in {small} colours.
F Analysts expect it to help {phone_co} win back market share.

@ 4 os-update
H.a {softco} releases {os} with redesigned desktop
H.b {softco} delays {os} update to fix bugs
H.a What's new in {os}: faster search and tighter security
L.a The update brings a new start menu, built-in file encryption and improved battery life on laptops, and is free for existing users.
L.b {softco} said the release would slip to {month} after testers found problems with printer drivers and some older graphics cards.
L The biggest change in {os} is a search tool that can find text inside documents and photos without sending data to the cloud.
F.a Businesses will get the update a month later.
F Older computers will not be able to run it.

@ 4 security-flaw
H.a {softco} patches critical flaw in web browser
H.b Security researchers find hole in popular router software
H.a Flaw in {os} could let attackers take control of PCs
L.a Researchers at {secco} said the bug allowed a malicious web page to run code on a visitor's computer without any warning.
L.b The vulnerability affects millions of home routers and could let attackers redirect users to fake banking websites, the researchers said.
L.a {softco} said it had seen no evidence that the flaw had been exploited, but urged users to install the fix as soon as possible.
F The fix is part of this month's security update.
F The researchers reported the problem to the company in {month}.

@ 4 malware
H {malware} worm spreads through email attachments
H New virus targets online banking customers
H Security firms warn of fast-spreading {malware} virus
L The {malware} worm arrives as an attachment disguised as a parcel delivery notice and copies itself to everyone in the victim's address book.
L The program records keystrokes when users visit banking sites and sends their passwords to servers overseas, according to {secco}.
L {secco} said it had counted more than {hundreds},000 infected computers within {hours} hours, most of them in offices.
F Anti-virus companies have updated their software to detect it.
F Users are advised not to open unexpected attachments.

@ 4 hack
H Hackers steal data of {users} million {netco} users
H {netco} says passwords exposed in breach
L {netco} said attackers had gained access to names, email addresses and scrambled passwords, but not payment details.
L The company said it discovered the intrusion in {month} and had since reset passwords for all affected accounts.
F Users were urged to change passwords on other sites.
F Data protection regulators have opened an inquiry.

@ 4 spam
H.a Spam makes up {bigpct} percent of email, says {secco}
H.a Junk email hits new high in {month}, study finds
H.b Spammers hide messages in pictures to beat filters
H.b {netco} rolls out new filter against image spam
L.a A report by {secco} found that {bigpct} percent of the email sent last month was unsolicited advertising, much of it from hijacked home computers.
L.a Researchers at {secco} counted about {dozens} billion junk messages a day, more than double the figure of two years ago.
L.b Spammers have begun hiding their messages inside pictures, which text-based filters cannot read, security researchers said.
L.b {netco} said the new filter could read text inside images and had blocked {users} million messages in its first week.
F Internet providers are testing new ways to verify senders.
F Most of the messages advertised fake medicines and loans.

@ 4 mars-mission
H.a {probe} probe enters orbit around {planet}
H.b {probe} lander sends first pictures from {planet}
H.c Engineers lose contact with {probe} spacecraft
L.a The spacecraft fired its main engine for {dozens} minutes to slow down and was captured by the gravity of {planet}, mission controllers said.
L.b The first images show a rocky plain scattered with boulders, and scientists said the lander appeared to be in good health.
L.c Controllers said they had not heard from the probe since {weekday} and were trying to send commands through a backup antenna.
F The mission cost about {money}.
F The probe was launched {small} years ago.

@ 4 launch
H.a {spaceco} launches {dozens} satellites on a single rocket
H.b Rocket explodes shortly after lift-off
H.c {spaceco} lands reusable booster for the {ordinal} time
L.a The rocket lifted off from the coast before dawn and released the small satellites, which will provide internet access to rural areas.
L.b The rocket veered off course about {dozens} seconds after launch and was destroyed by range safety officers, {spaceco} said.
L.c The booster returned to a landing pad {small} minutes after launch, part of the company's plan to cut the cost of reaching orbit.
F.ac The company plans {dozens} more launches this year.
F.b The cause of the failure is under investigation.

@ 4 space-station
H.a Astronauts {scientist_last} and {scientist2_last} complete six-hour spacewalk
H.a Spacewalkers fix broken cooling pump on space station
H.b {small}-member crew arrives at space station after two-day trip
H.b Space station crew led by {scientist} begins six-month stay
L.a Astronauts {scientist} and {scientist2} replaced a faulty cooling pump on the outside of the space station during a spacewalk that lasted {few} hours.
L.a The repair, planned for weeks, went smoothly apart from a stuck bolt that {scientist_last} freed with a specially made tool.
L.b The crew will spend six months on the station, carrying out {dozens} experiments on plant growth and the effects of weightlessness on bone.
L.b The capsule docked with the station on {weekday} after a two-day chase, and the new arrivals were greeted by the crew already on board.
F.a It was the {ordinal} spacewalk this year.
F.b The crew includes the first astronaut from {country}.
F The station orbits about 400 kilometres above Earth.

@ 4 astronomy
H.a Astronomers spot Earth-sized planet orbiting star {lightyears} light years away
H.a {uni} team finds rocky planet in star's habitable zone
H.b Telescope captures birth of a star {lightyears} light years away
H.b {telescope} images show star forming in dusty cloud
H.c Most distant galaxy yet found, say {uni} astronomers
H.c {telescope} spots galaxy from the early universe
L.a Using {telescope}, a team from {uni} found a rocky planet slightly larger than Earth orbiting a red dwarf star {lightyears} light years away.
L.a The planet circles its star every {dozens} days at a distance where water could be liquid, said {scientist}, who led the study.
L.b The images show a cloud of gas and dust collapsing under its own gravity, the earliest stage in the formation of a star like the Sun.
L.b Astronomers led by {scientist} said the young star was surrounded by a disc of dust in which planets might one day form.
L.c The galaxy formed when the universe was less than a billion years old, and its light has travelled for more than 13 billion years to reach Earth.
L.c {scientist} of {uni} said the galaxy was surprisingly bright and already held billions of stars, which challenges ideas about how galaxies grow.
F The findings are published in {journal}.
F Further observations are planned for next year.

@ 4 asteroid
H.a Asteroid to pass close to Earth on {weekday}
H.b Scientists track comet set to brighten in {month}
L.a The asteroid, about {hundreds} metres across, will pass at roughly {few} times the distance to the Moon and poses no danger, astronomers said.
L.b The comet was discovered by amateur astronomer {scientist} and may become visible to the naked eye in {month}.
F Observers in the southern hemisphere will have the best view.
F Small telescopes will show it as a faint smudge.

@ 4 medical-study
H.a Study links poor sleep to higher risk of {disease}
H.b New drug slows {disease} in early trial
H.c Gene therapy shows promise for {disease}
L.a Researchers at {uni} followed {patients} adults for {years} years and found that those who slept less than six hours a night were more likely to develop {disease}.
L.b In a trial of {patients} patients, those given the drug saw their symptoms progress about a third more slowly than those given a placebo.
L.c The treatment replaces a faulty gene in blood cells, and {small} of the {few} patients in the study no longer need regular transfusions.
F The results appear in {medjournal}.
F.bc Larger trials are needed before the treatment can be approved.
F.a The researchers cautioned that the study shows an association, not a cause.

@ 4 climate
H.a Arctic sea ice shrinks to {ordinal} lowest extent on record
H.a Satellites show Arctic ice at near-record low in {month}
H.b Mountain glaciers losing ice {bigpct} percent faster, {uni} study finds
H.b Glaciers in {country} could vanish by {yearfuture}, scientists warn
H.c Ocean heat hits record for {ordinal} year running
H.c Oceans absorbed record heat last year, {uni} researchers say
L.a Satellite measurements show the ice covered about {pct} million square kilometres at its summer minimum, well below the long-term average.
L.a The ice is also thinner than it was in {yearpast}, making it more likely to break up in summer storms, said {scientist} of {uni}.
L.b A study by {uni} found that mountain glaciers lost about {bigpct} percent more ice in the past decade than in the previous one.
L.b Using photographs from aircraft and satellites, {scientist} and colleagues measured {hundreds} glaciers and found that all but a handful had shrunk.
L.c The upper layers of the ocean absorbed more heat last year than in any year since measurements began, according to an analysis of data from thousands of floats.
L.c Warmer water expands and melts ice shelves from below, and the team led by {scientist} said sea levels were rising faster as a result.
F The researchers said the trend was likely to continue.
F The study was published in {journal}.

@ 4 chips
H.a {chipco} unveils faster chip for laptops
H.a {chipco} ships first processors built on new process
H.b {chipco} cuts prices of desktop processors
L.a The new processor has {small2} more cores than its predecessor and uses about {bigpct} percent less power, {chipco} said.
L.a The chips are built with smaller transistors, allowing more of them on each piece of silicon, and will appear in laptops from {month}.
L.b {chipco} lowered prices by as much as {bigpct} percent, a move analysts said was aimed at winning back customers from {chipco2}.
F.a Computer makers are expected to announce new models next month.
F.a The chips will be made at the company's plant in {city}.

@ 4 search-feature
H.a {netco} adds video search to its website
H.b {netco} tests new way to search email
L.a The service lets users find video clips by typing keywords, and ranks the results by how often they are watched and shared.
L.b The feature, offered first to a small number of users, lets people search years of messages in seconds and groups conversations by topic.
F {netco} did not say when the feature would be available to everyone.
F Rivals are working on similar tools.

@ 4 social
H.a {netco} passes {users} million users
H.b {netco} changes privacy settings after complaints
H.c {netco} launches photo-sharing app for teenagers
L.a {netco} said the number of people using the service at least once a month had doubled in {small} years, driven by growth in Asia and Africa.
L.b The company said it would make new profiles private by default and give users more control over who can see their posts.
L.c The app lets users share photos that disappear after a day, a feature the company hopes will attract younger users.
F.b Privacy groups said the changes did not go far enough.
F.c The app is available for {phone_co} and other phones.

@ 4 games
H.a {gameco} releases {game} for home consoles
H.b {game} sells {users} million copies in first week
H.a Review: {game} is the year's most ambitious adventure
L.a {game}, which took {small} years to make, lets players explore a huge open world on foot, horseback or by boat.
L.b {gameco} said the game was the fastest-selling in its history, helped by strong online reviews and a lower price.
L.a The game's story is sometimes slow, but its world is so detailed that it is easy to lose hours just exploring.
F A version for mobile phones is planned for next year.
F The game's servers struggled with demand on launch day.

@ 4 ai
H.a {softco} shows software that translates speech in {dozens} languages
H.a Instant speech translation comes to {softco} phones and laptops
H.b Robot built at {uni} learns to sort parcels by watching humans
H.b Warehouse robot from {uni} learns by watching videos
H.c Program from {uni} beats champions at strategy game
H.c Computer beats world champion {person} at board game
L.a The system listens to a speaker and produces a spoken translation in one of {dozens} languages with a delay of under a second, {softco} said.
L.a {softco} said the translation runs on the device itself, so conversations are not sent to the company's servers.
L.b Researchers at {uni} trained the robot by showing it videos of warehouse workers, and it now sorts parcels almost as fast as a person.
L.b The robot, which has two arms and a camera, learned to handle {dozens} kinds of objects after watching about {hundreds} hours of video.
L.c The program, developed by a team at {uni}, learned the game by playing millions of matches against itself.
L.c The program won {small} of the {few} games against {person}, who said it made moves no human player would have tried.
F The researchers plan to publish their code.
F Critics said such systems still make mistakes that people would not.

@ 4 broadband
H.a {telco} to offer faster broadband to {few} million homes
H.b {telco} starts rolling out new mobile network in {city}
L.a {telco} said it would lay fibre-optic cable to homes in {dozens} towns over the next {small} years, offering download speeds of up to one gigabit a second.
L.b The new network promises speeds up to ten times faster than the current one, but works only with the latest phones.
F The company will spend {billions} on the project.
F.a Rural areas will be connected last.

@ 4 open-source
H.a {softco} releases code of its database as open source
H.b Open-source office suite reaches version {version}
L.a {softco} said it would publish the code of its database software under an open licence, allowing anyone to use and change it.
L.b The new version of the free office suite opens files faster, handles large spreadsheets better and adds a dark mode.
F.b Volunteers from {dozens} countries worked on the release.
F.a Some developers said the licence was too restrictive.

@ 4 fossils
H.a Fossil of {fossil} found in {country}
H.b Bones show {fossil} was a fast runner
L.a Palaeontologists digging near {town} uncovered the almost complete skeleton of a {fossil} that lived about {mya} million years ago.
L.b Analysis of the leg bones suggests the {fossil} could run at up to {runkmh} kilometres an hour, faster than scientists had assumed.
F.a The fossil will go on display at the national museum.
F The find was described in {journal}.

@ 4 new-species
H.a New species of {animal} discovered in {country}
H.b Scientists find {animal} thought to be extinct
L.a A survey of the forests of {country} found {dozens} species new to science, including a {animal} no bigger than a thumbnail.
L.b Researchers from {uni} spotted the {animal} during a night survey, the first confirmed sighting in more than {dozens} years.
F The researchers want the forest protected.
F Logging threatens much of the area.

@ 4 animals
H.a Bees can count, study at {uni} suggests
H.a Honeybees understand zero, {uni} researchers find
H.b Dolphins call each other by name, say scientists at {uni}
H.b Wild dolphins use signature whistles, {scientist_last} study finds
H.c Warmer seas push {dozens} fish species toward the poles
H.c Fish are moving north as oceans warm, study of {years} years of records shows
L.a In experiments led by {scientist} at {uni}, bees trained to find sugar water could pick out the flower with the right number of dots, even when its position changed.
L.a The bees were rewarded for choosing cards with fewer shapes, and soon learned to pick an empty card over one with a single dot, {scientist} said.
L.b Recordings of wild dolphins off the coast of {country} show that each animal has a signature whistle that others copy when they want its attention.
L.b {scientist}'s team played recorded whistles to dolphins through underwater speakers, and the animals answered only when they heard their own.
L.c A study of catch records over {years} years shows that {dozens} fish species have moved hundreds of kilometres toward colder water.
L.c Researchers at {uni} found that cod and herring now spawn much further north than they did when records began in {yearpast}.
F The findings appear in {journal}.
F The team now plans to study other species.

@ 4 archaeology
H.a Archaeologists find ancient shipwreck off {country}
H.b Tomb of early king discovered near {town}
L.a Divers found the remains of a merchant ship that sank more than {few} centuries ago, still carrying hundreds of clay jars of wine and oil.
L.b The tomb, found during work on a new road, contains gold jewellery, weapons and pottery dating back about {few} thousand years.
F The site will be protected by guards.
F Researchers will spend months cataloguing the finds.

@ 4 gadgets
H.a {deviceco} unveils thinner {gadget} with longer battery
H.b Review: {deviceco}'s new {gadget} is good but pricey
L.a The new {gadget} is lighter than last year's model, charges faster and lasts up to {dozens} hours on a charge, {deviceco} said.
L.b The {gadget} is well made and easy to set up, but at {devprice} it costs more than most rivals with similar features.
F It goes on sale in {month}.
F The company sold about {users} million of the previous model.

@ 4 supercomputer
H {uni} switches on region's fastest supercomputer
H New {money} supercomputer at {uni} to model weather and climate
H {chipco} chips power new supercomputer in {city}
L The machine can perform more than a billion billion calculations a second and will be used for research on materials, medicine and climate.
L The computer, built with {dozens} thousand processors from {chipco}, will let forecasters predict storms in finer detail.
L Scientists at {uni} said the machine would cut the time needed to simulate a new drug molecule from months to days.
F It cost {money} to build.
F Researchers can apply for time on the machine.
F The computer uses as much electricity as a small town.

@ 4 download-music
H.a {netco} opens online music store with {few} million songs
H.a {netco} to sell songs for {songprice} in music download store
H.b Music streaming subscribers up {bigpct} percent, industry says
H.b {netco} music service passes {users} million paying subscribers
L.a The store offers more than {few} million songs at {songprice} each and works with most phones and computers.
L.a Songs can be downloaded to up to {small} devices, and {netco} said it had signed deals with all the major record labels.
L.b The number of people paying for music streaming rose by {bigpct} percent last year, according to an industry report released on {weekday}.
L.b {netco} said {users} million people now pay for its music service each month, helped by a cheaper plan for students.
F.a Record labels welcomed the move.
F Piracy remains a problem, the industry says.

@ 4 energy-research
H.a Scientists at {uni} set solar cell efficiency record
H.a {uni} team builds cheaper, more efficient solar cell
H.b New battery charges in {small} minutes, researchers at {uni} say
H.b {uni} researchers unveil battery that lasts {few} times longer
L.a A team led by {scientist} built a solar cell that turns {solar} percent of sunlight into electricity, a record for cells made from low-cost materials.
L.a The cell, made by printing thin layers of a crystal onto plastic, could cost far less to produce than the silicon panels sold today, {scientist} said.
L.b The battery uses a new material in its electrode that allows it to be charged much faster without wearing out, the team reported in {journal}.
L.b {scientist}'s group replaced the liquid inside the battery with a solid ceramic layer, which they say makes it safer and lets it hold more charge.
F Commercial products are still years away.
F The work was funded by the national science foundation.
F The researchers have applied for a patent.

@ 4 internet-outage
H.a {netco} services down for {small} hours in global outage
H.a Millions unable to reach {netco} after configuration error
H.b Undersea cable cut slows internet in {country} and {country2}
H.b Damaged cable on sea floor disrupts internet across region
L.a Users around the world were unable to log in or load pages for about {small} hours, which {netco} blamed on a faulty configuration change.
L.a The outage began shortly after {clock} GMT on {weekday} and affected email, messaging and video, {netco} said in a statement.
L.b Internet traffic between {country} and {country2} slowed sharply after a ship's anchor damaged a cable on the sea floor.
L.b Engineers said traffic was being routed through other cables, but users in {country} reported very slow connections for a {ordinal} day.
F.a Service was restored by evening.
F.b Repairs could take {small} weeks.

@ 4 robots-home
H.a Robot vacuum maker adds mapping feature
H.b Delivery robots begin trials on {city} streets
L.a The latest model maps each room with a laser and avoids cables and socks, said {deviceco}, which makes the device.
L.b Six-wheeled robots the size of a cool box are delivering groceries within a few kilometres of a depot in {city}.
F.b The robots are watched remotely by staff.
F.a The device costs {devprice}.
"""

# Stories that sit between two classes: AG News itself files such stories under either.
MIXED = r"""
@ 4:55/3:45 tech-earnings
H.a {softco} profit rises as cloud sales grow
H.b {chipco} shares fall after weak sales forecast
H.c {netco} revenue jumps {bigpct} percent on advertising
H.d {deviceco} sells record number of phones but profit slips
L.a {softco} said net income rose to {money} in the {quarter} quarter, as businesses moved more of their computing to its data centres.
L.b {chipco} expects sales of {billions} this quarter, below Wall Street estimates, as computer makers work through unsold stock.
L.c Advertising revenue at {netco} grew faster than expected, helped by video ads on phones, although costs rose as the company hired engineers.
L.d {deviceco} shipped a record {users} million handsets in the {quarter} quarter, but price cuts and higher chip costs squeezed its margins.
F.ac Shares rose {pct} percent in after-hours trading.
F The company plans to buy back {billions} of its own shares.

@ 4:50/3:50 tech-deal
H.a {softco} to buy {netco} for {billions}
H.b {chipco} agrees to acquire smaller rival for {money}
H.c {netco} rejects {softco} takeover approach
L.a The deal would give {softco} a popular online service with about {users} million users and a team of engineers skilled in mobile software.
L.b {chipco} said the purchase would help it make chips for cars and factory machines, a market growing faster than personal computers.
L.c {netco} said the offer undervalued its business and future growth, though some shareholders said the board should negotiate.
F.ab The deal is expected to close by the end of the year.
F.ab Regulators are likely to examine the deal closely.

@ 3:55/4:45 tech-jobs
H.a {softco} to cut {jobs} jobs as PC sales slow
H.b {deviceco} to move phone production to {country}
L.a The company said it would cut about {workpct} percent of its workforce, mostly in sales and marketing, as demand for personal computers weakens.
L.b {deviceco} said it would shift assembly of its phones to a new factory in {country} to lower costs and be closer to growing markets.
F The cuts will be completed by the end of next year.
F Shares were little changed.

@ 2:50/3:50 club-takeover
H.a {club} sold to investment group in {money} deal
H.a Takeover of {club} approved by league
H.b Billionaire {person} buys stake in {club}
L.a The new owners, led by businessman {person}, said they would invest in the squad and the stadium and reduce the club's debts.
L.a The league approved the sale after checking the buyers' finances, ending months of uncertainty that had left the club unable to sign players.
L.b {person}, who made a fortune in shipping, bought a {bigpct} percent stake and will join the board, the club said.
F Fans' groups welcomed the news but asked for guarantees.
F.a The deal values the club at about {billions}.

@ 2:55/3:45 tv-rights
H League signs record TV deal worth {billions}
H {broadcaster} wins TV rights to {league}
L The {small}-year agreement with {broadcaster} is worth about {bigpct} percent more than the current contract and includes streaming rights.
L {broadcaster} will show {tvgames} games a season, and clubs expect the extra money to pay for new players and stadium improvements.
F The deal starts next season.
F Rival broadcasters said the bidding was not fair.

@ 2:45/3:55 sponsorship
H.a {sponsor} signs {money} shirt deal with {club}
H.b {sponsor} ends sponsorship of {usteam}
L.a The {small}-year deal is the largest in the club's history, and the {sponsor} logo will appear on the front of the shirt from next season.
L.b {sponsor} said it would not renew its deal with the {usteam} when it expires in {month}, as part of a review of its marketing spending.
F.b The club is looking for a new sponsor.
F Financial terms were not disclosed.

@ 2:50/3:50 stadium
H.a {usteam_nick} threaten to leave {usteam_city} without new arena
H.b City approves {money} stadium for {usteam_nick}
L.a The team's owner said the ageing arena was losing money and that the team could move unless the city helped pay for a new one.
L.b Council members voted {small} to {small2} to approve public funding for the stadium, which will seat {thousands} and open in {year}.
F Critics say taxpayers should not pay for sports venues.
F.b Construction is expected to start next year.

@ 1:50/2:50 olympic-bid
H.a {country_capital} bids to host Olympics in {year}
H.b Olympic host city {country_capital} faces budget questions
L.a {leader_title} {leader} said the Games would bring jobs and tourists, but opponents say the money would be better spent on schools and hospitals.
L.b Officials admitted that the cost of building the Olympic park had doubled to {billions}, and that some venues would not be ready on time.
F.a A decision is expected in {month}.
F Polls show residents are split on the plan.

@ 1:60/2:40 sport-politics
H.a {country} boycotts championships in {country2}
H.b Athletes from {country} barred from competing over doping scandal
L.a The government of {country} said its team would not travel to the event, citing the detention of its citizens by authorities in {country2}.
L.b The decision, taken after an inquiry found that officials had covered up failed tests, means the team will compete under a neutral flag.
F The sport's governing body said it regretted the decision.
F The government said it would appeal.

@ 1:50/3:50 trade-war
H.a {country} imposes tariffs on {country2_adj} steel
H.b {country} and {country2} sign free trade agreement
H.c {country2} retaliates with tariffs on farm goods
L.a The {bigpct} percent duties, which take effect in {month}, are meant to protect local steelmakers from cheap imports, the trade ministry said.
L.b The agreement, reached after {few} years of talks, will remove most tariffs on goods traded between the two countries within a decade.
L.c {country2} said it would tax imports of wine, fruit and cheese from {country}, in response to what it called unfair measures.
F.ac Business groups warned that prices could rise.
F.ac Both sides said they were open to more talks.
F.b The deal must still be approved by both parliaments.

@ 1:50/3:50 bailout
H.a {country} agrees emergency loan with the IMF
H.b {country} to sell state airline and power company
L.a The {billions} loan comes with conditions, including cuts to fuel subsidies and public sector wages, which unions have vowed to resist.
L.b The government said the sales would raise money to pay debts and make the companies more efficient, but opposition parties called it a fire sale.
F Protests are planned for {weekday}.
F.a The first payment is due in {month}.

@ 1:55/3:45 energy-politics
H.a {country} cuts gas supplies to {country2} in price dispute
H.b {country} nationalises foreign oil fields
L.a The state energy company of {country} said it had reduced deliveries because {country2} had not paid its bills, a claim {country2} denied.
L.b {leader_title} {leader} said the oil belonged to the people and that foreign companies would be paid compensation over {small} years.
F.a Prices for gas rose sharply in {country2}.
F.b {energyco} said it was studying its legal options.

@ 4:50/1:50 tech-regulation
H.a {country} bans {netco} over privacy concerns
H.b {country} passes law forcing {netco} to store data locally
H.c Government orders {netco} to remove political posts
L.a Officials said {netco} had failed to explain how it handles the personal data of {country_adj} users and would be blocked until it did.
L.b The law requires internet companies to keep data about {country_adj} citizens on servers inside the country, which critics say could help surveillance.
L.c The order, issued by the communications ministry, gives {netco} {hours} hours to delete posts that officials say spread false information.
F {netco} said it was disappointed and would appeal.
F Rights groups condemned the decision.

@ 4:50/3:50 drug-approval
H.a Regulators approve {pharma} drug for {disease}
H.b {pharma} drug fails in late-stage trial
L.a The drug is the first of its kind for {disease} and will be available to patients from {month}, {pharma} said.
L.b {pharma} said the trial of {patients} patients found no benefit over existing treatment, and it would stop developing the drug.
F Shares in {pharma} moved sharply on the news.
F The company has spent years developing the treatment.

@ 4:50/3:50 electric-cars
H.a {carmaker} to build battery plant in {city}
H.b {carmaker} unveils electric car with 600-kilometre range
L.a The plant, which will cost {billions}, will make batteries for {hundreds},000 electric cars a year and employ about {thousands} people.
L.b The car's new battery can be charged to 80 percent in about {dozens} minutes, and the company says it will cost less than rival models.
F.a Production will begin in {year}.
F The company aims to sell only electric cars by {year2}.

@ 4:50/1:50 space-politics
H.a {country} launches its first satellite
H.b {country} and {country2} agree to cooperate in space
L.a The satellite, built by engineers at {uni}, will monitor crops and forests and help the government plan for floods.
L.b The agreement covers joint missions to the Moon and the exchange of scientists between the two countries' space agencies.
F.a {leader_title} {leader_last} called it a proud day for the nation.
F The next launch is planned for {year}.

@ 3:50/1:50 famine-prices
H.a Food prices soar in {country} after harvest fails
H.b {country} bans rice exports to keep prices down
L.a Prices of maize and beans have more than doubled since {month}, and aid agencies say millions of people may need help.
L.b The government said the ban would last until the next harvest, a decision that sent rice prices higher across the region.
F.b Traders said the move would hurt neighbouring countries.
F The government is distributing grain from reserves.

@ 3:50/4:50 airline-tech
H.a {airline} to offer in-flight internet on all planes
H.b Airport computer failure grounds {airline} flights
L.a Passengers will be able to browse the web and send email on short and long flights, using a satellite link, for a fee of {fee}.
L.b A failure in the airline's booking and check-in system caused delays for thousands of passengers, and {dozens} flights were cancelled.
F.a The service will start in {month}.
F.b The airline apologised to customers.

@ 1:50/4:50 vaccine-rollout
H.a {country} begins vaccinating children against {fever}
H.a New {fever} vaccine reaches clinics in {country}
H.b Trial in {country} shows {fever} vaccine cuts deaths by {bigpct} percent
H.b Researchers test cheaper {fever} vaccine in {province} villages
L.a Health workers plan to vaccinate about {few} million children by {month}, starting in the {province} region where the disease kills hundreds every year.
L.a The vaccine, bought with money from {country2} and {country3}, will be given free at clinics and schools, Health Minister {minister} told reporters in {country_capital}.
L.b Researchers from {uni} followed {patients} children in {province} for {small} years and found far fewer deaths among those who received the vaccine.
L.b The vaccine can be stored without refrigeration for several weeks, which scientists say makes it easier to use in remote villages.
F The results were published in {medjournal}.
F Doctors said the shortage of nurses remained a problem.

@ 2:55/1:45 athlete-asylum
H {country_adj} footballer {player} seeks asylum in {country2}
H {player_last} defects during championships in {country2_capital}
L {player}, who plays for the {country_adj} national team, failed to return to the team hotel after a match in {country2_capital} and later asked for protection.
L The {age}-year-old said {player_he} feared arrest at home after criticising the government on social media during the tournament.
F The {country_adj} football federation said it had not been told.
F Officials in {country2} said the request would be handled like any other.

@ 2:50/1:50 world-cup-host
H {country} named host of {year} World Cup
H {country} to spend {billions} on stadiums for World Cup
L The decision, announced in {country2_capital} after a vote by football's governing body, was greeted with celebrations in the streets of {country_capital}.
L The government says {small} new stadiums and a high-speed rail line will be ready in time, but critics question the cost and the treatment of workers.
F Rival bids came from {country2} and {country3}.
F Construction is due to begin next year.

@ 3:50/1:50 national-airline-strike
H Strike at state airline strands travellers in {country_capital}
H {country} government steps in to end airline strike
L Pilots and cabin crew at {country}'s state airline walked out on {weekday} over unpaid wages, grounding all flights and stranding thousands of passengers.
L The transport ministry said it would pay the airline's overdue wages from the budget and ordered an inquiry into the company's finances.
F The airline has lost money every year since {yearpast}.
F Tourism officials warned the strike could hurt the holiday season.
"""

# ----------------------------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------------------------


class Frame:
    def __init__(self, name, labels):
        self.name = name
        self.labels = labels  # {label: weight}
        self.lines = {"H": [], "L": [], "F": []}  # kind -> [(tags, template)]

    def stories(self):
        return sorted({t for lines in self.lines.values() for tags, _ in lines for t in tags}) or [""]

    def eligible(self, kind, story):
        return [text for tags, text in self.lines[kind] if not tags or story in tags]


def parse_frames(*blocks):
    frames = []
    for block in blocks:
        for raw in block.strip().splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("@ "):
                _, spec, name = line.split()
                labels = {}
                for part in spec.split("/"):
                    label, _, weight = part.partition(":")
                    labels[int(label)] = int(weight) / 100 if weight else 1.0
                frames.append(Frame(name, labels))
                continue
            head, text = line.split(" ", 1)
            kind, _, tags = head.partition(".")
            frames[-1].lines[kind].append((tags, text))
    for f in frames:
        for story in f.stories():
            if not f.eligible("H", story) or not f.eligible("L", story):
                raise SystemExit(f"frame {f.name}: story '{story}' lacks a headline or a first sentence")
    return frames


def normalize(text):
    """As core/data/Overlap.cpp normalizeForComparison: ASCII case folded, ASCII punctuation
    dropped, whitespace runs collapsed."""
    text = "".join(c for c in text.lower() if not (c.isascii() and not c.isalnum() and not c.isspace()))
    return " ".join(text.split())


def words(text):
    return len(text.split())


def sentences(text):
    return len(re.findall(r"[.!?](?= [A-Z\"']|$)", text))


SMALL_NUMBER = re.compile(r"(?<![\w$.,:\-])([1-9])(?![\w%:]|[.,]\d|-\d)")
SENTENCE_OPENERS = {"The", "A", "In", "After", "For", "With", "About", "Only", "All", "Just", "Nearly"}
DIGIT_WORDS = "one two three four five six seven eight nine".split()


def spell_small_numbers(text):
    """News style: 'won 3 titles' -> 'won three titles', but not 'Pulse 8', 'March 5' or 'Stage 4'."""

    def sub(m):
        before = text[:m.start()].split()
        previous = before[-1] if before else ""
        if previous in MONTHS or previous == "type" or (previous[:1].isupper() and previous not in SENTENCE_OPENERS):
            return m.group(0)  # "March 5", "Pulse 8", "Stage 4"
        return DIGIT_WORDS[int(m.group(1)) - 1]

    return SMALL_NUMBER.sub(sub, text)


def finish(template, slots, headline=False):
    text = template.format_map(slots)
    if headline:  # "Study by Halbrook University", not "by the Halbrook University"
        for name in HEADLINE_DROPS_THE:
            text = text.replace(name, name[4:])
        if text.startswith("the "):
            text = text[4:]
    text = fix_number_articles(fix_articles(text))
    if not headline:  # headlines keep figures, as news headlines do
        text = spell_small_numbers(text)
    return capitalize_sentences(fix_articles(text))


def make_row(rng, frame):
    story = rng.choice(frame.stories())
    slots = Slots(rng)
    title = finish(rng.choice(frame.eligible("H", story)), slots, headline=True)
    lead = finish(rng.choice(frame.eligible("L", story)), slots)
    follows = frame.eligible("F", story)
    description = lead
    if follows and rng.random() < 0.55:
        second = finish(rng.choice(follows), slots)
        if words(lead) + words(second) <= 45:
            description = f"{lead} {second}"
    return title, description


def generate(frames, rng, label, count, seen, stats):
    pool = [f for f in frames if label in f.labels]
    weights = [f.labels[label] for f in pool]
    rows = []
    attempts = 0
    while len(rows) < count:
        attempts += 1
        if attempts > count * 50:
            raise SystemExit(f"class {label}: cannot find {count} distinct rows")
        frame = rng.choices(pool, weights)[0]
        title, description = make_row(rng, frame)
        if not 5 <= words(title) <= 14 or not 15 <= words(description) <= 45:
            stats["rejected_length"] += 1
            continue
        if sentences(description) not in (1, 2) or '"' in title + description:
            stats["rejected_shape"] += 1
            continue
        keys = (normalize(title + " " + description), "t:" + normalize(title), "d:" + normalize(description))
        if any(k in seen for k in keys):
            stats["rejected_duplicate"] += 1
            continue
        seen.update(keys)
        stats["frame:" + frame.name] = stats.get("frame:" + frame.name, 0) + 1
        if len(frame.labels) > 1:
            stats["mixed"] += 1
        rows.append((label, title, description))
    return rows


def to_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for label, title, description in rows:
        writer.writerow([str(label), title, description])
    return out.getvalue().encode("utf-8")


def build():
    frames = parse_frames(WORLD, SPORTS, BUSINESS, SCITECH, MIXED)
    rng = random.Random(SEED)
    seen = set()
    stats = {"rejected_length": 0, "rejected_shape": 0, "rejected_duplicate": 0, "mixed": 0}
    train, test = [], []
    for label in LABELS:
        rows = generate(frames, rng, label, TRAIN_PER_CLASS + TEST_PER_CLASS, seen, stats)
        rng.shuffle(rows)
        test += rows[:TEST_PER_CLASS]
        train += rows[TEST_PER_CLASS:]
    rng.shuffle(train)
    rng.shuffle(test)
    return to_csv(train), to_csv(test), frames, stats


def main(argv):
    here = Path(__file__).resolve().parent
    train, test, frames, stats = build()
    targets = {here / "train.csv": train, here / "test.csv": test}
    if "--check" in argv:
        stale = [p.name for p, data in targets.items() if not p.exists() or p.read_bytes() != data]
        if stale:
            print("out of date: " + ", ".join(stale) + " (run resources/demo/make_demo_data.py)")
            return 1
        print("train.csv and test.csv are up to date")
        return 0
    for path, data in targets.items():
        path.write_bytes(data)
    print(f"{len(frames)} frames; wrote {TRAIN_PER_CLASS * 4} train and {TEST_PER_CLASS * 4} test rows "
          f"({stats['mixed']} from two-label frames; rejected {stats['rejected_length']} for length, "
          f"{stats['rejected_shape']} for shape, {stats['rejected_duplicate']} as duplicates)")
    if "--stats" in argv:
        for key in sorted(k for k in stats if k.startswith("frame:")):
            print(f"  {key[6:]:24} {stats[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
