"""The demo catalogue in Polish and Dutch: category and product names, descriptions, authenticity statements and
delivery option names, written for this shop. Keyed by slug or SKU; ``seed_catalogue`` fills them in."""

from __future__ import annotations

# slug: ((name_pl, description_pl), (name_nl, description_nl)); subcategories have no description.
CATEGORIES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "kitchen": (
        ("Kuchnia", "Naczynia, noże i zastawa do codziennego użytku, które się naprawia, a nie wymienia."),
        ("Keuken", "Pannen, messen en servies voor elke dag, gemaakt om te repareren in plaats van te vervangen."),
    ),
    "cookware": (("Garnki i patelnie", ""), ("Pannen", "")),
    "knives-boards": (("Noże i deski", ""), ("Messen en planken", "")),
    "tableware": (("Zastawa stołowa", ""), ("Servies", "")),
    "coffee-tea": (
        ("Kawa i herbata", "Zaparzacze, młynki, filiżanki i herbata liściasta od małych palarni i pracowni."),
        ("Koffie en thee", "Koffiezetters, molens, kopjes en losse thee van kleine branders en werkplaatsen."),
    ),
    "coffee-brewing": (("Parzenie kawy", ""), ("Koffie zetten", "")),
    "tea": (("Herbata", ""), ("Thee", "")),
    "cups-mugs": (("Filiżanki i kubki", ""), ("Kopjes en mokken", "")),
    "home-textiles": (
        ("Tekstylia domowe", "Len, bawełna i wełna do sypialni, łazienki i salonu, tkane w Europie."),
        ("Woontextiel", "Linnen, katoen en wol voor slaapkamer, badkamer en bank, geweven in Europa."),
    ),
    "bedding": (("Pościel", ""), ("Beddengoed", "")),
    "towels": (("Ręczniki", ""), ("Handdoeken", "")),
    "throws-cushions": (("Koce i poduszki", ""), ("Plaids en kussens", "")),
    "outdoor": (
        ("Outdoor", "Solidny sprzęt na spacery, jednodniowe wędrówki i noce pod namiotem."),
        ("Buitensport", "Stevige uitrusting voor wandelingen, dagtochten en nachten onder het tentdoek."),
    ),
    "hiking": (("Turystyka piesza", ""), ("Wandelen", "")),
    "camping": (("Biwak i kemping", ""), ("Kamperen", "")),
    "stationery": (
        ("Artykuły piśmiennicze", "Notesy, pióra i drobiazgi na biurko dla tych, którzy wciąż piszą odręcznie."),
        ("Kantoorartikelen", "Notitieboeken, pennen en bureauspullen voor wie nog met de hand schrijft."),
    ),
    "notebooks": (("Notesy", ""), ("Notitieboeken", "")),
    "writing": (("Przybory do pisania", ""), ("Schrijfwaren", "")),
    "audio": (
        ("Audio", "Słuchawki i głośniki z wymiennymi częściami i uczciwymi danymi technicznymi."),
        ("Audio", "Koptelefoons en speakers met vervangbare onderdelen en eerlijke specificaties."),
    ),
    "headphones": (("Słuchawki", ""), ("Koptelefoons", "")),
    "speakers": (("Głośniki", ""), ("Speakers", "")),
}

# SKU: ((name_pl, description_pl), (name_nl, description_nl))
PRODUCTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "KIT-001": (
        ("Patelnia ze stali węglowej 28 cm",
         "Wyoblana z jednego arkusza stali węglowej grubości 2,5 mm, z nitowanym uchwytem. Z każdym użyciem "
         "nabiera patyny, można ją wstawić do piekarnika i używać na indukcji; z odrobiną oleju posłuży całe życie."),
        ("Koekenpan van koolstofstaal 28 cm",
         "Gedreven uit één plaat koolstofstaal van 2,5 mm met een geklonken steel. Wordt beter met elk gebruik, kan "
         "in de oven en op inductie, en gaat met een beetje olie een leven lang mee."),
    ),
    "KIT-002": (
        ("Żeliwny garnek emaliowany 4 l",
         "Ciężkie żeliwo pokryte błyszczącą emalią wewnątrz i na zewnątrz. Trzyma ciepło przy długim duszeniu i "
         "pieczeniu chleba; nadaje się na wszystkie płyty, także indukcyjne."),
        ("Geëmailleerde gietijzeren braadpan 4 l",
         "Zwaar gietijzer met glanzend email binnen en buiten. Houdt de warmte vast voor stoofschotels en brood; "
         "geschikt voor alle kookplaten, ook inductie."),
    ),
    "KIT-003": (
        ("Rondel ze stali nierdzewnej 2 l z pokrywką",
         "Trójwarstwowa stal nierdzewna z aluminiowym rdzeniem aż po brzegi. Wylewki po obu stronach."),
        ("RVS steelpan 2 l met deksel",
         "Drielaags roestvrij staal met een aluminium kern tot in de wanden. Schenkranden aan beide kanten."),
    ),
    "KIT-004": (
        ("Nóż szefa kuchni 20 cm",
         "Kuty ze stali X50CrMoV15, hartowany do 56 HRC i ostrzony ręcznie pod kątem 15 stopni na stronę. "
         "Rękojeść z olejowanego buku."),
        ("Koksmes 20 cm",
         "Gesmeed uit X50CrMoV15-staal, gehard tot 56 HRC en met de hand geslepen op 15 graden per kant. Heft van "
         "geolied beukenhout."),
    ),
    "KIT-005": (
        ("Nóż do obierania 9 cm",
         "Mały, zwrotny i ostry: do obierania, przycinania i wszystkiego na desce, co wymaga precyzji."),
        ("Schilmes 9 cm", "Klein, wendbaar en scherp: voor schillen, bijsnijden en al het precisiewerk op de plank."),
    ),
    "KIT-006": (
        ("Dębowa deska do krojenia, słoje czołowe",
         "Europejski dąb w układzie słojów czołowych, 40 × 28 × 4 cm, wykończony olejem lnianym bezpiecznym dla "
         "żywności. Oszczędza ostrza noży."),
        ("Eikenhouten snijplank van kopshout",
         "Europees eiken in kopshout, 40 × 28 × 4 cm, afgewerkt met voedselveilige lijnolie. Zacht voor je "
         "messen."),
    ),
    "KIT-007": (
        ("Talerze obiadowe z kamionki, 4 sztuki",
         "Reaktywne szkliwo w kolorze morskiej zieleni, średnica 27 cm. Można je myć w zmywarce i używać w "
         "mikrofalówce; każdy talerz jest trochę inny."),
        ("Borden van steengoed, set van 4",
         "Reactief glazuur in zeegroen, 27 cm doorsnede. Vaatwasser- en magnetronbestendig; elk bord is net even "
         "anders."),
    ),
    "KIT-008": (
        ("Lniane ściereczki kuchenne, 2 sztuki",
         "Stonowany, prany kamieniami czysty len, 50 × 70 cm. Chłonny od pierwszego prania i z każdym kolejnym "
         "bardziej miękki."),
        ("Linnen theedoeken, set van 2",
         "Stonewashed puur linnen, 50 × 70 cm. Absorberend vanaf de eerste wasbeurt en zachter na elke volgende."),
    ),
    "CT-001": (
        ("Ręczny młynek do kawy z żarnami stożkowymi",
         "Stalowe żarna stożkowe z 40 skokowymi ustawieniami, od espresso po cold brew. Mieści 30 g ziaren."),
        ("Koffiemolen met conische maalschijven",
         "Roestvrijstalen conische maalschijven met 40 klikstanden, van espresso tot cold brew. Neemt 30 g bonen."),
    ),
    "CT-002": (
        ("Szklany drip do kawy, 2 filiżanki",
         "Szkło borokrzemowe ze spiralnie żebrowanym stożkiem dla równomiernej ekstrakcji. Pasują filtry "
         "papierowe w rozmiarze 02."),
        ("Glazen pour-over koffiezetter, 2 kopjes",
         "Borosilicaatglas met een spiraalvormig geribbelde kegel voor een gelijkmatige extractie. Voor papieren "
         "filters maat 02."),
    ),
    "CT-003": (
        ("Kawiarka na 6 filiżanek",
         "Klasyczna ośmiokątna kawiarka z aluminium z wymienną uszczelką i sitkiem. Nie nadaje się na indukcję."),
        ("Moka-pot voor 6 kopjes",
         "Klassieke achtkantige aluminium moka-pot met vervangbare pakking en filterplaat. Niet voor inductie."),
    ),
    "CT-004": (
        ("Czajnik z długą wylewką 1 l",
         "Czajnik ze stali nierdzewnej na kuchenkę, z wąską wylewką do powolnego, równego nalewania i "
         "wbudowanym termometrem."),
        ("Waterkoker met zwanenhals 1 l",
         "RVS fluitketel voor op het fornuis, met een smalle tuit voor een langzame, gelijkmatige schenkstraal en "
         "een ingebouwde thermometer."),
    ),
    "CT-005": (
        ("Darjeeling first flush, 100 g",
         "Wiosenna herbata liściasta z jednej plantacji, świeża i kwiatowa. W papierowej puszce z zamknięciem."),
        ("Darjeeling first flush, 100 g",
         "Losse voorjaarsthee van één plantage, fris en bloemig. Verpakt in een hersluitbaar papieren blik."),
    ),
    "CT-006": (
        ("Japońska sencha, 100 g",
         "Parzona na parze zielona herbata z Shizuoki o trawiastej słodyczy. Zaparzaj w 70 °C przez minutę."),
        ("Japanse sencha, 100 g",
         "Gestoomde groene thee uit Shizuoka met een grasachtige zoetheid. Eén minuut laten trekken op 70 °C."),
    ),
    "CT-007": (
        ("Żeliwny dzbanek do herbaty 0,8 l",
         "Żeliwny dzbanek emaliowany w środku, z sitkiem ze stali nierdzewnej. Utrzymuje ciepło herbaty do "
         "drugiej filiżanki."),
        ("Gietijzeren theepot 0,8 l",
         "Gietijzeren pot met emaillen binnenkant en een RVS theefilter. Houdt de thee warm tot het tweede kopje."),
    ),
    "CT-008": (
        ("Kubek z kamionki 350 ml",
         "Duży, ciężki kubek w nakrapianym szkliwie, z uchem, w którym mieszczą się cztery palce."),
        ("Mok van steengoed 350 ml",
         "Een royale, zware mok met gespikkeld glazuur en een oor waar vier vingers in passen."),
    ),
    "CT-009": (
        ("Szklanki z podwójną ścianką, 2 sztuki",
         "Ręcznie dmuchane szkło borokrzemowe: napój zostaje gorący, a dłonie chłodne. Po 250 ml."),
        ("Dubbelwandige glazen, set van 2",
         "Mondgeblazen borosilicaatglas dat drankjes warm en handen koel houdt. 250 ml per glas."),
    ),
    "HT-001": (
        ("Lniana poszwa na kołdrę 200 × 220 cm",
         "Wstępnie prany europejski len w kolorze owsianym. Guziki z łupin kokosa; przewiewna latem, ciepła "
         "zimą."),
        ("Linnen dekbedovertrek 200 × 220 cm",
         "Voorgewassen Europees vlaslinnen in havermout. Knopen van kokosnootschaal; luchtig in de zomer, warm in "
         "de winter."),
    ),
    "HT-002": (
        ("Poszewki z perkalu, 2 sztuki",
         "Sztywny, chłodny perkal bawełniany o gęstości 200 nitek, 50 × 60 cm, z zakładką zamiast zamka."),
        ("Percal kussenslopen, set van 2",
         "Knisperend, koel katoenpercal, 200 draden, 50 × 60 cm met een envelopsluiting."),
    ),
    "HT-003": (
        ("Koc z wełny merino 140 × 200 cm",
         "Tkany z niebarwionej wełny merino w jodełkę. Naturalnie reguluje temperaturę."),
        ("Wollen deken 140 × 200 cm",
         "Geweven van ongeverfde merinowol in visgraatmotief. Reguleert van nature de temperatuur."),
    ),
    "HT-004": (
        ("Ręcznik kąpielowy waflowy",
         "Lekki, szybkoschnący splot waflowy z bawełny, 70 × 140 cm. Zajmuje mało miejsca w szafie i w torbie."),
        ("Wafelbadhanddoek",
         "Lichte, sneldrogende katoenen wafelstof, 70 × 140 cm. Neemt weinig ruimte in de kast of in je tas."),
    ),
    "HT-005": (
        ("Ręczniki frotte do rąk, 2 sztuki",
         "Gruba frotte z bawełny organicznej 550 g/m², 50 × 90 cm, z pętelką do zawieszania."),
        ("Badstof handdoeken, set van 2",
         "Dikke badstof van biologisch katoen, 550 g/m², 50 × 90 cm, met ophanglus."),
    ),
    "HT-006": (
        ("Dziergana poszewka na poduszkę 45 × 45 cm",
         "Gruby bawełniany splot z ukrytym zamkiem. Wkład poduszki nie jest dołączony."),
        ("Gebreide kussenhoes 45 × 45 cm", "Grof gebreid katoen met een verborgen rits. Binnenkussen niet inbegrepen."),
    ),
    "HT-007": (
        ("Lniany pled z frędzlami",
         "Lekki lniany pled, 130 × 170 cm, na kanapę albo w nogi łóżka."),
        ("Linnen plaid met franjes", "Een lichte linnen plaid, 130 × 170 cm, voor op de bank of het voeteneind."),
    ),
    "OD-001": (
        ("Plecak jednodniowy 22 l",
         "Nylon ripstop z recyklingu z wentylowanym panelem pleców, pasem biodrowym i pokrowcem przeciwdeszczowym "
         "schowanym w dnie."),
        ("Dagrugzak 22 l",
         "Gerecycled ripstopnylon met een geventileerd rugpaneel, heupband en een regenhoes die in de bodem zit "
         "weggestopt."),
    ),
    "OD-002": (
        ("Skarpety trekkingowe z merino, 2 pary",
         "Amortyzująca mieszanka merino, która grzeje, nawet gdy jest wilgotna, i nie śmierdzi po długim dniu."),
        ("Merino wandelsokken, 2 paar",
         "Gevoerde merinomix die warm blijft als hij vochtig is en na een lange dag niet gaat ruiken."),
    ),
    "OD-003": (
        ("Butelka ze stali nierdzewnej 750 ml",
         "Podwójne ścianki: zimne przez 24 godziny, gorące przez 12. Szczelna nakrętka z uchwytem."),
        ("RVS drinkfles 750 ml",
         "Dubbelwandig: 24 uur koud, 12 uur warm. Lekvrije dop met draaglus."),
    ),
    "OD-004": (
        ("Składane kije trekkingowe, para",
         "Aluminiowe kije składane do 38 cm, z korkowymi uchwytami i wymiennymi grotami z węglika."),
        ("Opvouwbare trekkingstokken, paar",
         "Aluminium stokken die tot 38 cm opvouwen, met kurken handvatten en vervangbare hardmetalen punten."),
    ),
    "OD-005": (
        ("Namiot dwuosobowy",
         "Samonośna kopuła z dwojgiem drzwi i dwoma przedsionkami. Tropik 3000 mm; rozbijesz go w pięć minut."),
        ("Tweepersoonstent",
         "Vrijstaande koepeltent met twee ingangen en twee voortenten. Buitentent 3000 mm; staat in vijf minuten."),
    ),
    "OD-006": (
        ("Emaliowane kubki turystyczne, 2 sztuki",
         "Stal z odporną na odpryski emalią, 350 ml. Można je postawić na kuchence turystycznej."),
        ("Emaille kampeermokken, set van 2",
         "Staal met een afsplinterbestendige emaillelaag, 350 ml. Kan op een kampeerbrander."),
    ),
    "OD-007": (
        ("Puchowy śpiwór, komfort 2 °C",
         "Odpowiedzialnie pozyskiwany puch o sprężystości 700 cuin w kroju mumii. Po spakowaniu ma wielkość "
         "bochenka chleba."),
        ("Donzen slaapzak, comfort 2 °C",
         "Verantwoord ingekocht dons met 700 cuin vulkracht in mummiemodel. Opgerold zo groot als een brood."),
    ),
    "ST-001": (
        ("Notes A5 w kropki",
         "192 numerowane strony papieru w kolorze kości słoniowej 100 g/m², na którym atrament z pióra nie "
         "przebija. Rozkłada się płasko."),
        ("A5 notitieboek met stippen",
         "192 genummerde pagina's ivoorkleurig papier van 100 g/m² dat vulpeninkt niet laat doorlopen. Ligt plat "
         "open."),
    ),
    "ST-002": (
        ("Notesy kieszonkowe, 3 sztuki",
         "Notesy A6 w linie z okładkami z papieru pakowego i zaokrąglonymi rogami, po 48 stron."),
        ("Zakboekjes, set van 3",
         "Gelinieerde A6-boekjes met kraftomslag en afgeronde hoeken, 48 pagina's per boekje."),
    ),
    "ST-003": (
        ("Skórzana okładka na notes A5",
         "Skóra garbowana roślinnie, która z czasem ciemnieje. Pasuje do standardowych notesów A5."),
        ("Leren hoes voor A5-notitieboek",
         "Plantaardig gelooid leer dat donkerder wordt met gebruik. Past om standaard A5-notitieboeken."),
    ),
    "ST-004": (
        ("Pióro wieczne, stalówka M",
         "Mosiężny korpus ze stalową stalówką M. Przyjmuje standardowe naboje międzynarodowe lub dołączony "
         "konwerter."),
        ("Vulpen, medium punt",
         "Messing houder met een stalen medium punt. Voor standaard internationale patronen of de meegeleverde "
         "converter."),
    ),
    "ST-005": (
        ("Ołówek automatyczny 0,5 mm",
         "Całkowicie metalowy ołówek kreślarski z radełkowanym uchwytem i chowaną końcówką."),
        ("Vulpotlood 0,5 mm", "Volledig metalen tekenpotlood met een gekartelde grip en een intrekbare punt."),
    ),
    "ST-006": (
        ("Atrament w butelce, niebiesko-czarny 50 ml",
         "Niebiesko-czarny atrament bez galasówki, który szybko schnie i pozostaje czytelny. Szklana butelka."),
        ("Inkt in fles, blauwzwart 50 ml",
         "Blauwzwarte inkt zonder ijzergallus die snel droogt en leesbaar blijft. Glazen fles."),
    ),
    "AU-001": (
        ("Słuchawki wokółuszne z wymiennymi częściami",
         "Zamknięte słuchawki przewodowe, których kabel, nauszniki i pałąk kupisz jako części zamienne. "
         "Przetworniki 40 mm."),
        ("Over-ear koptelefoon met vervangbare onderdelen",
         "Gesloten bedrade koptelefoon waarvan kabel, oorkussens en hoofdband los als reserveonderdeel te koop "
         "zijn. Drivers van 40 mm."),
    ),
    "AU-002": (
        ("Słuchawki douszne z kablem",
         "Jeden przetwornik dynamiczny, odłączany kabel i silikonowe nakładki w trzech rozmiarach."),
        ("In-ear oordopjes met kabel",
         "Eén dynamische driver, een afneembare kabel en siliconen dopjes in drie maten."),
    ),
    "AU-003": (
        ("Głośniki podstawkowe, para",
         "Pasywne głośniki dwudrożne w obudowie ze sklejki brzozowej, z głośnikiem niskotonowym 13 cm. Wymagają "
         "wzmacniacza."),
        ("Boekenplankspeakers, paar",
         "Passieve tweewegspeakers in berkenmultiplex met een woofer van 13 cm. Een versterker is nodig."),
    ),
    "AU-004": (
        ("Głośnik przenośny z wymienną baterią",
         "Bryzgoszczelny głośnik z baterią, którą wymienisz za pomocą monety. Do 14 godzin odtwarzania."),
        ("Draagbare speaker met vervangbare accu",
         "Spatwaterdichte speaker met een accu die je met een muntje verwisselt. Tot 14 uur afspelen."),
    ),
    "AU-005": (
        ("Radio biurkowe FM i DAB+",
         "Małe radio w obudowie z forniru orzechowego, z prawdziwymi pokrętłami i wyjściem słuchawkowym. "
         "Wyprodukowane w Chinach według naszej specyfikacji."),
        ("Bureauradio met FM en DAB+",
         "Een kleine radio in een kast van notenfineer, met echte knoppen en een koptelefoonuitgang. Volgens onze "
         "specificaties gemaakt in China."),
    ),
}

AUTHENTICITY: dict[str, tuple[str, str]] = {
    "Kolberg Stal": (
        "Kupowane bezpośrednio w warsztacie Kolberg Stal w Solingen; każda sztuka nosi znak wytwórcy.",
        "Rechtstreeks ingekocht bij de werkplaats van Kolberg Stal in Solingen; elk stuk draagt het merkteken van "
        "de maker.",
    ),
    "Fonderie Aube": (
        "Dostarczane przez samą odlewnię; pokrywka ma odlany numer partii, który możesz u nich podać.",
        "Geleverd door de gieterij zelf; het deksel draagt een gegoten partijnummer dat je bij hen kunt opgeven.",
    ),
    "Ostrava Blades": (
        "Od wytwórcy z Ostrawy; na ostrzu wytrawiony jest numer seryjny.",
        "Van de maker in Ostrava; het lemmet draagt een geëtst serienummer.",
    ),
}
DEFAULT_AUTHENTICITY = (
    "Kupowane bezpośrednio od {brand} lub jego autoryzowanego dystrybutora w UE; nigdy z importu równoległego.",
    "Rechtstreeks ingekocht bij {brand} of de officiële distributeur in de EU; nooit via parallelimport.",
)

DELIVERY_OPTIONS: dict[str, tuple[str, str]] = {
    "Standard (PostNL)": ("Standardowa (PostNL)", "Standaard (PostNL)"),
    "Evening delivery": ("Dostawa wieczorna", "Avondlevering"),
    "Standard (DHL)": ("Standardowa (DHL)", "Standaard (DHL)"),
    "Express (UPS)": ("Ekspresowa (UPS)", "Express (UPS)"),
    "International tracked": ("Międzynarodowa ze śledzeniem", "Internationaal met track & trace"),
}

DELIVERY_ZONES: dict[str, tuple[str, str]] = {
    "Netherlands": ("Holandia", "Nederland"),
    "EU": ("UE", "EU"),
    "United Kingdom": ("Wielka Brytania", "Verenigd Koninkrijk"),
    "Switzerland": ("Szwajcaria", "Zwitserland"),
    "United States": ("Stany Zjednoczone", "Verenigde Staten"),
}
