"""The words of the demo reviews, in English, Polish and Dutch: a reviewer writes in their own language about the
kind of product they bought, in a tone that matches their rating. ``review_compose`` puts a review together from
these parts so that no two demo reviews are alike (tests/demo/test_seed_reviews.py)."""

from __future__ import annotations

import random

# Product kinds by subcategory slug (demo/seeding/shop.py).
KIND_OF = {
    "cookware": "cookware", "knives-boards": "knives",
    "tableware": "tableware", "cups-mugs": "tableware",
    "coffee-brewing": "brewing", "tea": "tea",
    "bedding": "textiles", "towels": "textiles", "throws-cushions": "textiles",
    "hiking": "outdoor", "camping": "outdoor",
    "notebooks": "stationery", "writing": "stationery",
    "headphones": "audio", "speakers": "audio",
}  # fmt: skip

# tone: "good" (4-5 stars), "mixed" (3), "bad" (1-2)
TONE = {5: "good", 4: "good", 3: "mixed", 2: "bad", 1: "bad"}

TITLES = {
    "en": {
        "good": ["Worth every cent", "Does exactly what it promises", "A keeper", "Second one for my sister",
                 "Quietly excellent", "Would buy again", "Better than my old one", "Solid", "Very pleased",
                 "Good value, honestly", "Exactly as described", "Lives up to the photos"],
        "mixed": ["Fine, not more", "Good but pricey", "Half happy", "Does the job", "Okay with caveats"],
        "bad": ["Not what I hoped for", "Sent it back", "Disappointed", "Quality issue", "Let down"],
    },
    "pl": {
        "good": ["Warte swojej ceny", "Dokładnie jak w opisie", "Polecam z czystym sumieniem", "Kupię ponownie",
                 "Bardzo dobra jakość", "Zostaje na lata", "Lepsze niż się spodziewałam", "Solidna robota",
                 "Strzał w dziesiątkę", "Bez zastrzeżeń"],
        "mixed": ["Poprawnie, bez zachwytu", "Dobre, ale drogie", "Średnio", "Spełnia swoje zadanie"],
        "bad": ["Rozczarowanie", "Odesłałem", "Nie polecam", "Problem z jakością", "Szkoda pieniędzy"],
    },
    "nl": {
        "good": ["Elke euro waard", "Precies zoals beschreven", "Blijvertje", "Zou het zo weer kopen",
                 "Heel tevreden", "Beter dan verwacht", "Degelijk", "Mooi spul", "Prima aankoop",
                 "Een aanrader", "Topkwaliteit"],
        "mixed": ["Prima, maar niet meer dan dat", "Goed maar prijzig", "Redelijk", "Doet wat het moet doen"],
        "bad": ["Valt tegen", "Teruggestuurd", "Niet tevreden", "Kwaliteitsprobleem", "Jammer"],
    },
}

OPENERS = {
    "en": {
        "good": ["Bought this after a lot of reading.", "Second order from this shop.", "A gift to myself.",
                 "I was sceptical at first.", "Arrived two days after ordering, well packed."],
        "mixed": ["Mixed feelings here.", "Honest review after a month of use.", "Not bad, not great."],
        "bad": ["I really wanted to like this.", "Short version: no.", "Writing this so others know."],
    },
    "pl": {
        "good": ["Kupiłam po długim porównywaniu.", "To już moje drugie zamówienie tutaj.",
                 "Prezent dla samej siebie.", "Na początku byłem sceptyczny.", "Paczka przyszła szybko i bez szwanku."],
        "mixed": ["Mam mieszane uczucia.", "Uczciwa opinia po miesiącu używania.", "Nie jest źle, ale szału nie ma."],
        "bad": ["Bardzo chciałem, żeby to się sprawdziło.", "Krótko: nie.", "Piszę, żeby inni wiedzieli."],
    },
    "nl": {
        "good": ["Na lang vergelijken gekocht.", "Mijn tweede bestelling hier.", "Cadeautje voor mezelf.",
                 "Ik was eerst sceptisch.", "Binnen twee dagen binnen, netjes verpakt."],
        "mixed": ["Gemengde gevoelens.", "Eerlijke review na een maand gebruik.", "Niet slecht, niet geweldig."],
        "bad": ["Ik wilde het echt goed vinden.", "Kort gezegd: nee.", "Ik schrijf dit zodat anderen het weten."],
    },
}

CLOSERS = {
    "en": {
        "good": ["Recommended.", "Five minutes of setup, years of use, I hope.", "My partner has claimed it already.",
                 "Will order the matching pieces."],
        "mixed": ["Might suit someone with other needs.", "Three stars, fair is fair."],
        "bad": ["Support answered quickly, credit where due.", "The refund came within a week, at least."],
    },
    "pl": {
        "good": ["Polecam.", "Mąż już go sobie przywłaszczył.", "Dokupię resztę kompletu.",
                 "Obsługa sklepu też na plus."],
        "mixed": ["Może komuś innemu bardziej się spodoba.", "Trzy gwiazdki, uczciwie."],
        "bad": ["Obsługa odpowiedziała szybko, to trzeba przyznać.",
                "Przynajmniej zwrot pieniędzy przyszedł w tydzień."],
    },
    "nl": {
        "good": ["Aanrader.", "Mijn vriendin heeft het al ingepikt.", "Ik bestel de rest van de set erbij.",
                 "Ook de klantenservice was vriendelijk."],
        "mixed": ["Voor iemand anders misschien precies goed.", "Drie sterren, eerlijk is eerlijk."],
        "bad": ["De klantenservice reageerde wel snel, dat moet gezegd.", "Het geld was binnen een week terug."],
    },
}

# What someone says about a kind of product: per language, per tone.
DETAILS = {
    "en": {
        "cookware": {
            "good": ["Heats evenly and the handle stays cool enough to hold.", "Went straight from the hob into the "
                     "oven for a Sunday roast, no problem.", "After a few weeks of use it has only got better."],
            "mixed": ["Cooks well but it is heavier than I expected.", "The lid rattles a little when simmering."],
            "bad": ["The base warped on my induction hob after two weeks.", "Food sticks no matter what I do."],
        },
        "knives": {
            "good": ["Sharp out of the box and still slices tomatoes paper-thin.", "Balanced nicely in the hand; "
                     "the handle has a good grip even when wet.", "Tiny, precise and very sharp."],
            "mixed": ["Sharp, but it needs honing more often than my old one.", "Fine, though a bit short for me."],
            "bad": ["The edge chipped on a pumpkin.", "The tip bent after a week."],
        },
        "tableware": {
            "good": ["The glaze is beautiful and every piece is slightly different.", "Looks good on the table and "
                     "goes with everything.", "Survived the dishwasher every day for a month."],
            "mixed": ["Pretty, but the colour is darker than on the photos.", "Nice, but one piece had a small "
                      "bubble in the glaze."],
            "bad": ["One arrived cracked and the replacement had a chip.", "The glaze crazed after a few washes."],
        },
        "brewing": {
            "good": ["My morning coffee tastes noticeably better.", "Easy to clean and takes no space on the "
                     "counter.", "Feels sturdy and well made in the hand."],
            "mixed": ["Works, but the learning curve is real.", "Good coffee, but it takes a while every morning."],
            "bad": ["A part came loose in the first week.", "Stopped working properly after a month."],
        },
        "tea": {
            "good": ["Fragrant, fresh leaves; a second steep is still lovely.", "Smells wonderful when you open "
                     "the tin."],
            "mixed": ["Nice, but milder than I like.", "Good tea, small tin for the price."],
            "bad": ["Tasted stale to me.", "Lots of dust at the bottom of the tin."],
        },
        "textiles": {
            "good": ["Soft from the first wash and softer after each one.", "Generous size and beautiful colour "
                     "in real life.", "Washes well and keeps its shape."],
            "mixed": ["Lovely fabric, but it shrank a little in the wash.", "Feels nice, creases a lot."],
            "bad": ["A seam came loose after the second wash.", "It pilled within a month."],
        },
        "outdoor": {
            "good": ["Took it on a three-day hike in the Tatras, no complaints.", "Light, sturdy and packs small.",
                     "Survived a week of camping without a scratch."],
            "mixed": ["Works, but the straps could be better padded.", "Solid, but heavier than the page suggests."],
            "bad": ["Showed wear after only two trips.", "Not as sturdy as promised."],
        },
        "stationery": {
            "good": ["Lovely to write with; I reach for it every day.", "Writes smoothly and feels good in the "
                     "hand.", "Well made, down to the small details."],
            "mixed": ["Nice, but it feels a little fragile.", "Writes well, but it is a bit scratchy."],
            "bad": ["Stopped writing properly after a few days.", "Pages came loose within a week."],
        },
        "audio": {
            "good": ["Clear, balanced sound, no boomy bass.", "Comfortable for hours and the spare parts are a big "
                     "plus.", "Easy to set up; sounds bigger than it looks."],
            "mixed": ["Good sound, but the cable is short.", "Sounds fine, clamps a bit tight."],
            "bad": ["The left channel crackles.", "Started buzzing after a fortnight."],
        },
    },
    "pl": {
        "cookware": {
            "good": ["Równo się nagrzewa, a rączka nie parzy.", "Z płyty prosto do piekarnika, bez problemu.",
                     "Po kilku tygodniach używania jest jeszcze lepsza."],
            "mixed": ["Gotuje się dobrze, ale jest cięższa, niż myślałam.", "Pokrywka trochę grzechocze."],
            "bad": ["Dno wygięło się na indukcji po dwóch tygodniach.", "Wszystko przywiera, cokolwiek robię."],
        },
        "knives": {
            "good": ["Ostry od razu, pomidory kroi na plasterki jak papier.", "Dobrze wyważony, pewny chwyt nawet "
                     "mokrą dłonią.", "Mały, precyzyjny i bardzo ostry."],
            "mixed": ["Ostry, ale trzeba go częściej ostrzyć.", "W porządku, choć dla mnie trochę za krótki."],
            "bad": ["Ostrze wyszczerbiło się na dyni.", "Czubek wygiął się po tygodniu."],
        },
        "tableware": {
            "good": ["Piękne szkliwo, każda sztuka trochę inna.", "Ładnie wygląda na stole i pasuje do wszystkiego.",
                     "Codziennie w zmywarce od miesiąca i nic."],
            "mixed": ["Ładne, ale kolor ciemniejszy niż na zdjęciach.", "Jedna sztuka ma mały pęcherzyk w szkliwie."],
            "bad": ["Jedna przyszła pęknięta, a zamiennik był wyszczerbiony.", "Szkliwo popękało po kilku myciach."],
        },
        "brewing": {
            "good": ["Poranna kawa smakuje wyraźnie lepiej.", "Łatwo się myje i nie zajmuje miejsca na blacie.",
                     "Solidny i porządnie wykonany."],
            "mixed": ["Działa, ale trzeba się nauczyć.", "Dobra kawa, tylko każdego ranka schodzi na to chwila."],
            "bad": ["W pierwszym tygodniu obluzowała się jedna część.", "Po miesiącu przestało dobrze działać."],
        },
        "tea": {
            "good": ["Aromatyczne, świeże liście; drugie parzenie też świetne.", "Pięknie pachnie po otwarciu puszki."],
            "mixed": ["Dobra, ale łagodniejsza, niż lubię.", "Smaczna, ale mała puszka jak na tę cenę."],
            "bad": ["Smakowała mi na zwietrzałą.", "Na dnie puszki sporo pyłu."],
        },
        "textiles": {
            "good": ["Miękkie od pierwszego prania, a potem coraz bardziej.", "Duże i w pięknym kolorze na żywo.",
                     "Dobrze się pierze i trzyma fason."],
            "mixed": ["Piękny materiał, ale trochę się skurczył w praniu.", "Przyjemne, ale bardzo się gniecie."],
            "bad": ["Szew puścił po drugim praniu.", "Po miesiącu pojawiły się kulki."],
        },
        "outdoor": {
            "good": ["Trzy dni w Tatrach i żadnych zastrzeżeń.", "Lekki, solidny i mało zajmuje.",
                     "Tydzień pod namiotem i ani zadrapania."],
            "mixed": ["Działa, ale szelki mogłyby być lepiej wyściełane.", "Solidny, ale cięższy, niż wynika z opisu."],
            "bad": ["Po dwóch wyjazdach widać już zużycie.", "Nie tak solidny, jak obiecano."],
        },
        "stationery": {
            "good": ["Świetnie się nim pisze, sięgam po niego codziennie.", "Pisze gładko i dobrze leży w dłoni.",
                     "Starannie wykonany, aż po drobne detale."],
            "mixed": ["Ładne, ale wydaje się trochę delikatne.", "Pisze dobrze, choć lekko drapie."],
            "bad": ["Po kilku dniach przestał dobrze pisać.", "Kartki zaczęły wypadać po tygodniu."],
        },
        "audio": {
            "good": ["Czysty, zrównoważony dźwięk, bez dudniącego basu.", "Wygodne na wiele godzin, a części zamienne "
                     "to duży plus.", "Łatwa konfiguracja, gra większym dźwiękiem, niż wygląda."],
            "mixed": ["Dobry dźwięk, ale krótki kabel.", "Brzmi nieźle, ale trochę ściskają głowę."],
            "bad": ["Lewy kanał trzeszczy.", "Po dwóch tygodniach zaczął buczeć."],
        },
    },
    "nl": {
        "cookware": {
            "good": ["Wordt gelijkmatig heet en het handvat blijft goed vast te houden.", "Zo van de kookplaat de "
                     "oven in, geen enkel probleem.", "Na een paar weken gebruik alleen maar beter geworden."],
            "mixed": ["Kookt goed, maar zwaarder dan ik dacht.", "Het deksel rammelt een beetje bij het sudderen."],
            "bad": ["De bodem is na twee weken op inductie krom getrokken.", "Alles blijft plakken, wat ik ook doe."],
        },
        "knives": {
            "good": ["Vlijmscherp uit de doos, tomaten in flinterdunne plakjes.", "Goed in balans, ook met natte "
                     "handen een stevige grip.", "Klein, precies en heel scherp."],
            "mixed": ["Scherp, maar moet vaker aangezet worden dan mijn oude.", "Prima, al is hij wat kort voor mij."],
            "bad": ["Er is een stukje uit de snede gegaan op een pompoen.", "De punt was na een week verbogen."],
        },
        "tableware": {
            "good": ["Prachtig glazuur en elk stuk is net iets anders.", "Staat mooi op tafel en past "
                     "overal bij.", "Een maand lang elke dag in de vaatwasser, niets aan de hand."],
            "mixed": ["Mooi, maar donkerder dan op de foto's.", "Eén stuk heeft een klein belletje in het glazuur."],
            "bad": ["Eén kwam gebarsten aan en de vervanger had een schilfer.", "Het glazuur kreeg haarscheurtjes."],
        },
        "brewing": {
            "good": ["Mijn ochtendkoffie smaakt merkbaar beter.", "Makkelijk schoon te maken en neemt weinig ruimte "
                     "in.", "Voelt stevig en goed gemaakt aan."],
            "mixed": ["Werkt, maar je moet het even leren.", "Goede koffie, maar het kost elke ochtend wat tijd."],
            "bad": ["In de eerste week zat er al een onderdeel los.", "Werkte na een maand niet goed meer."],
        },
        "tea": {
            "good": ["Geurige, verse blaadjes; ook de tweede keer trekken is heerlijk.", "Ruikt heerlijk als je het "
                     "blik opent."],
            "mixed": ["Lekker, maar milder dan ik graag heb.", "Goede thee, klein blik voor die prijs."],
            "bad": ["Smaakte muf naar mijn idee.", "Veel gruis onderin het blik."],
        },
        "textiles": {
            "good": ["Zacht vanaf de eerste wasbeurt en daarna steeds zachter.", "Ruim formaat en in het echt een "
                     "prachtige kleur.", "Wast goed en blijft in model."],
            "mixed": ["Mooie stof, maar iets gekrompen in de was.", "Voelt fijn, kreukt wel erg."],
            "bad": ["Na de tweede wasbeurt liet een naad los.", "Binnen een maand pluizig."],
        },
        "outdoor": {
            "good": ["Drie dagen gewandeld in de Ardennen, geen klachten.", "Licht, stevig en klein in te pakken.",
                     "Een week kamperen zonder een kras."],
            "mixed": ["Werkt, maar de schouderbanden mogen beter gevoerd.", "Degelijk, wel zwaarder dan beschreven."],
            "bad": ["Na twee tochten al sporen van slijtage.", "Niet zo stevig als beloofd."],
        },
        "stationery": {
            "good": ["Schrijft heerlijk; ik pak hem elke dag.", "Schrijft soepel en ligt goed in de hand.",
                     "Goed afgewerkt, tot in de kleine details."],
            "mixed": ["Mooi, maar voelt wat kwetsbaar.", "Schrijft goed, krast wel een beetje."],
            "bad": ["Schreef na een paar dagen niet goed meer.", "Binnen een week kwamen er bladzijden los."],
        },
        "audio": {
            "good": ["Helder, evenwichtig geluid zonder dreunende bas.", "Urenlang comfortabel en de losse "
                     "onderdelen zijn een groot pluspunt.", "Snel ingesteld en klinkt groter dan hij eruitziet."],
            "mixed": ["Goed geluid, maar de kabel is kort.", "Klinkt prima, knelt wel een beetje."],
            "bad": ["Het linkerkanaal kraakt.", "Begon na twee weken te brommen."],
        },
    },
}

REPLIES = {
    "en": {
        1: "We are sorry this happened. We have sent a replacement at our cost; if anything else is wrong, reply to "
        "your order email and we will sort it out.",
        2: "Thank you for the honest review. We have passed your notes to the maker; if you would like a refund or "
        "an exchange, reply to your order email and we will send a return label.",
        3: "Thanks for the feedback. We have added the exact measurements to the product page.",
    },
    "pl": {
        1: "Przykro nam, że tak się stało. Wysłaliśmy nowy egzemplarz na nasz koszt; jeśli coś jeszcze jest nie "
        "tak, prosimy odpowiedzieć na e-mail z zamówieniem.",
        2: "Dziękujemy za szczerą opinię. Przekazaliśmy uwagi producentowi; jeśli chce Pan/Pani zwrotu lub wymiany, "
        "prosimy odpowiedzieć na e-mail z zamówieniem, a wyślemy etykietę zwrotną.",
        3: "Dziękujemy za opinię. Dodaliśmy dokładne wymiary na stronie produktu.",
    },
    "nl": {
        1: "Vervelend dat dit is gebeurd. We hebben op onze kosten een nieuw exemplaar gestuurd; is er nog iets "
        "mis, antwoord dan op de e-mail over je bestelling.",
        2: "Bedankt voor je eerlijke review. We hebben je opmerkingen aan de maker doorgegeven; wil je je geld terug "
        "of ruilen, antwoord dan op de e-mail over je bestelling en we sturen een retourlabel.",
        3: "Bedankt voor je reactie. We hebben de exacte maten op de productpagina gezet.",
    },
}


def review_compose(*, language: str, kind: str, rating: int, rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """A title and body in ``language`` about a product of ``kind`` with ``rating`` stars, whose body is not in
    ``taken`` (added to it). Short (one sentence) to long (four), depending on the draw."""
    tone = TONE[rating]
    details = DETAILS[language][kind][tone]
    for _attempt in range(200):
        length = rng.choice([1, 2, 2, 3, 3, 4])
        sentences = rng.sample(details, min(len(details), 1 if length < 3 else 2))
        if length >= 2:
            sentences.insert(0, rng.choice(OPENERS[language][tone]))
        if length >= 3 or (length == 2 and rng.random() < 0.3):
            sentences.append(rng.choice(CLOSERS[language][tone]))
        body = " ".join(sentences)
        if body not in taken:
            taken.add(body)
            return rng.choice(TITLES[language][tone]), body
    raise ValueError(f"ran out of distinct {language} {kind} reviews for {rating} stars: add words")
