"""The demo policies in Polish and Dutch, written for this shop (not machine translations).

Each text uses exactly the fact blocks of its English original (``[[return_window]]``, ``[[delivery_table]]``...):
no price, time or number of days is typed here, so every language states the same facts
(``tests/policies/test_promises.py``, ``policies.services.policy_translations_check``).
"""

from __future__ import annotations

TRADER_PL = "Trustmark B.V., Keizersgracht 100, 1015 AA Amsterdam, Holandia"
TRADER_NL = "Trustmark B.V., Keizersgracht 100, 1015 AA Amsterdam, Nederland"


def returns_pl(email: str) -> str:
    return f"""
<p>Chcemy, żebyś kupował bez obaw. Oprócz ustawowego prawa odstąpienia od umowy dajemy Ci dłuższy termin na zwrot,
bez podawania przyczyny.</p>
<h2>Ustawowe prawo odstąpienia od umowy</h2>
<p>Jako konsument w Unii Europejskiej możesz odstąpić od umowy w terminie [[withdrawal_period]] od dnia, w którym Ty
(lub wskazana przez Ciebie osoba) otrzymasz towar, bez podawania przyczyny (dyrektywa 2011/83/UE, art. 9). Aby
odstąpić od umowy, wyślij nam jednoznaczne oświadczenie, na przykład na naszym <a
href="/pl/policies/withdrawal-form/">wzorze formularza odstąpienia</a> albo e-mailem na adres <a
href="mailto:{email}">{email}</a>.</p>
<h2>Nasza obietnica zwrotu</h2>
<p>Każdy nieużywany produkt w oryginalnym opakowaniu możesz zwrócić w ciągu [[return_window]] od dostawy. Ta
obietnica obowiązuje niezależnie od ustawowego terminu odstąpienia i go nie ogranicza.</p>
<ul>
<li>Zwracamy cenę towaru i koszt standardowej dostawy w ciągu [[refund_time]] od otrzymania Twojego oświadczenia,
tą samą metodą płatności, której użyłeś.</li>
<li>Możemy wstrzymać zwrot pieniędzy do chwili otrzymania towaru lub dowodu jego odesłania.</li>
<li>Odesłanie towaru z krajów UE jest bezpłatne: opłaconą etykietę wydrukujesz na stronie zamówienia.</li>
<li>Odpowiadasz tylko za zmniejszenie wartości towaru wynikające z korzystania z niego w sposób wykraczający poza
konieczny do sprawdzenia jego charakteru, cech i funkcjonowania.</li>
</ul>
<h2>Wyjątki</h2>
<p>Nie przyjmujemy zwrotu zapieczętowanych produktów higienicznych, które po dostawie zostały otwarte, ani
towarów wykonanych według Twojej specyfikacji (art. 16).</p>
<h2>Gwarancja</h2>
<p>Niezależnie od zwrotów przysługuje Ci ustawowa odpowiedzialność za zgodność towaru z umową przez co najmniej
dwa lata od dostawy.</p>
"""


def returns_nl(email: str) -> str:
    return f"""
<p>We willen dat je zeker bent voordat je koopt. Naast je wettelijke herroepingsrecht krijg je van ons een
langere retourtermijn, zonder vragen.</p>
<h2>Je wettelijke herroepingsrecht</h2>
<p>Als consument in de Europese Unie mag je je aankoop binnen [[withdrawal_period]] herroepen, te rekenen vanaf de
dag waarop jij (of iemand die je aanwijst) de goederen ontvangt, zonder opgave van redenen (Richtlijn 2011/83/EU,
artikel 9). Stuur ons daarvoor een duidelijke verklaring, bijvoorbeeld met ons <a
href="/nl/policies/withdrawal-form/">modelformulier voor herroeping</a> of per e-mail naar <a
href="mailto:{email}">{email}</a>.</p>
<h2>Onze retourbelofte</h2>
<p>Je mag elk ongebruikt artikel in de originele verpakking terugsturen binnen [[return_window]] na levering.
Deze belofte komt bovenop de wettelijke herroepingstermijn en beperkt die niet.</p>
<ul>
<li>We betalen de prijs van de goederen en de standaard verzendkosten terug binnen [[refund_time]] nadat we je
herroeping hebben ontvangen, via de betaalmethode die je hebt gebruikt.</li>
<li>We mogen met terugbetalen wachten tot de goederen weer bij ons zijn of tot je aantoont dat je ze hebt
teruggestuurd.</li>
<li>Retourneren binnen de EU is gratis: print het voorgefrankeerde label via je bestelpagina.</li>
<li>Je bent alleen aansprakelijk voor waardevermindering door meer te doen met de goederen dan nodig is om ze te
beoordelen.</li>
</ul>
<h2>Uitzonderingen</h2>
<p>Verzegelde hygiëneproducten waarvan de verzegeling na levering is verbroken, en goederen die naar jouw
specificaties zijn gemaakt, kun je niet retourneren (artikel 16).</p>
<h2>Garantie</h2>
<p>Los van retourneren heb je de wettelijke garantie op conformiteit van ten minste twee jaar na levering.</p>
"""


SHIPPING_PL = """
<p>Wysyłamy z naszego magazynu w Amsterdamie w Holandii. Zamówienia złożone w dzień roboczy przed [[cutoff_time]]
wyjeżdżają tego samego dnia; późniejsze w następnym dniu roboczym.</p>
<p>[[delivery_table]]</p>
<p>Darmowa dostawa obejmuje każdą opcję dostawy do danego kraju, gdy wartość produktów osiągnie podaną kwotę;
strona produktu, koszyk i kasa pokazują, ile Ci jeszcze brakuje.</p>
<h2>Cło i podatki importowe</h2>
<p>W obrębie UE nie ma formalności celnych, a widoczna cena zawiera VAT.</p>
<p>Przy wysyłce poza UE kasa pokazuje, czy VAT importowy i cło pobieramy razem z zamówieniem, czy pobierze je
przewoźnik przy doręczeniu, oraz w jakiej wysokości. W zgłoszeniu celnym podajemy kraj pochodzenia i kod
towaru, aby tam, gdzie to możliwe, obowiązywały preferencyjne stawki celne.</p>
<p>Jeśli odmówisz przyjęcia paczki z powodu opłat importowych, zwrócimy Ci cenę towaru po powrocie paczki do
nas, pomniejszoną o koszt odesłania, którym obciąży nas przewoźnik.</p>
{tracking}"""

SHIPPING_NL = """
<p>We verzenden vanuit ons magazijn in Amsterdam. Bestellingen die op werkdagen vóór [[cutoff_time]] binnenkomen,
gaan dezelfde dag de deur uit; latere bestellingen de volgende werkdag.</p>
<p>[[delivery_table]]</p>
<p>Gratis verzending geldt voor elke verzendoptie naar een bestemming zodra je artikelen het getoonde bedrag
bereiken; de productpagina, de winkelwagen en de kassa laten zien hoeveel je nog mist.</p>
<h2>Douane en invoerrechten</h2>
<p>Binnen de EU zijn er geen douaneformaliteiten en is de prijs die je ziet inclusief btw.</p>
<p>Voor bestemmingen buiten de EU laat de kassa zien of invoer-btw en invoerrechten met je bestelling worden
geïnd of door de vervoerder bij aflevering, en hoeveel. Op de douaneaangifte vermelden we het land van oorsprong
en de goederencode, zodat waar mogelijk een preferentieel tarief geldt.</p>
<p>Weiger je een pakket vanwege invoerkosten, dan betalen we de goederen terug zodra het pakket weer bij ons is,
min de retourkosten die de vervoerder ons rekent.</p>
{tracking}"""

TRACKING_PL = (
    "<h2>Śledzenie przesyłki</h2><p>Gdy paczka opuści nasz magazyn, wyślemy Ci e-mailem numer przesyłki "
    "przewoźnika; znajdziesz go też na stronie zamówienia.</p>"
)
TRACKING_NL = (
    "<h2>Je pakket volgen</h2><p>Zodra je pakket ons magazijn verlaat, mailen we je het trackingnummer van de "
    "vervoerder; je vindt het ook op je bestelpagina.</p>"
)


def privacy_pl(email: str, retention_years: int) -> str:
    return f"""
<p>{TRADER_PL} jest administratorem Twoich danych osobowych w rozumieniu ogólnego rozporządzenia o ochronie danych
(RODO). Z naszym punktem kontaktowym ds. ochrony danych skontaktujesz się pod adresem <a
href="mailto:{email}">{email}</a>.</p>
<h2>Jakie dane zbieramy i po co</h2>
<ul>
<li>Dane konta i zamówień (imię i nazwisko, e-mail, adresy, historia zamówień): do wykonania umowy z Tobą
(art. 6 ust. 1 lit. b RODO).</li>
<li>Dane płatności: obsługuje je Stripe; my otrzymujemy tylko status płatności i cztery ostatnie cyfry karty.</li>
<li>Faktury: przechowujemy je przez {retention_years} lat, bo wymaga tego prawo podatkowe (art. 6 ust. 1 lit.
c).</li>
<li>Dzienniki bezpieczeństwa (adres IP, godziny logowania): do ochrony Twojego konta, w naszym prawnie
uzasadnionym interesie (art. 6 ust. 1 lit. f).</li>
</ul>
<p>Nie sprzedajemy Twoich danych i nie używamy plików cookie reklamowych ani śledzących. Jedyne pliki cookie,
które ustawiamy, utrzymują Cię zalogowanym, pamiętają koszyk i chronią formularze przed podrobieniem.</p>
<h2>Kto otrzymuje Twoje dane</h2>
<p>Stripe (płatności), nasz przewoźnik (adres dostawy) i nasz dostawca hostingu w UE, każdy na podstawie umowy
powierzenia przetwarzania danych. Przekazanie danych poza EOG opiera się na standardowych klauzulach umownych
UE.</p>
<h2>Twoje prawa</h2>
<p>Możesz żądać dostępu do danych, ich sprostowania, usunięcia, ograniczenia przetwarzania i przeniesienia, a
także wnieść sprzeciw wobec przetwarzania. Możesz też złożyć skargę do organu ochrony danych: w Polsce do
Prezesa Urzędu Ochrony Danych Osobowych, w Holandii do Autoriteit Persoonsgegevens.</p>
"""


def privacy_nl(email: str, retention_years: int) -> str:
    return f"""
<p>{TRADER_NL} is de verwerkingsverantwoordelijke voor je persoonsgegevens volgens de Algemene Verordening
Gegevensbescherming (AVG). Ons aanspreekpunt voor gegevensbescherming bereik je via <a
href="mailto:{email}">{email}</a>.</p>
<h2>Wat we verzamelen en waarom</h2>
<ul>
<li>Account- en bestelgegevens (naam, e-mail, adressen, bestelgeschiedenis): om onze overeenkomst met je uit te
voeren (artikel 6, lid 1, onder b AVG).</li>
<li>Betaalgegevens: die verwerkt Stripe; wij ontvangen alleen de status van de betaling en de laatste vier
cijfers van je kaart.</li>
<li>Facturen: die bewaren we {retention_years} jaar, omdat de belastingwet dat eist (artikel 6, lid 1, onder
c).</li>
<li>Beveiligingslogs (IP-adres, inlogtijden): om je account te beschermen, ons gerechtvaardigd belang (artikel 6,
lid 1, onder f).</li>
</ul>
<p>We verkopen je gegevens niet en gebruiken geen advertentie- of trackingcookies. De enige cookies die we
plaatsen, houden je ingelogd, onthouden je winkelwagen en beschermen formulieren tegen vervalsing.</p>
<h2>Wie je gegevens ontvangt</h2>
<p>Stripe (betalingen), onze vervoerder (afleveradres) en onze hostingprovider in de EU, elk onder een
verwerkersovereenkomst. Doorgifte buiten de EER gebeurt op basis van de modelcontractbepalingen van de EU.</p>
<h2>Je rechten</h2>
<p>Je kunt vragen om inzage, correctie, verwijdering, beperking en overdraagbaarheid, en bezwaar maken tegen de
verwerking. Je kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.</p>
"""


def terms_pl(email: str, court: str) -> str:
    return f"""
<h2>1. Kim jesteśmy</h2>
<p>Niniejszy regulamin dotyczy każdego zamówienia złożonego w {TRADER_PL}, spółce wpisanej do holenderskiego
rejestru handlowego (Kamer van Koophandel) pod numerem 00000000 (demo). Obsługa klienta: <a
href="mailto:{email}">{email}</a>.</p>
<h2>2. Zamówienia i umowa</h2>
<p>Umowa zostaje zawarta, gdy potwierdzimy e-mailem Twoje opłacone zamówienie. Ceny przy dostawie w UE zawierają
VAT. Jeśli po zapłacie okaże się, że produkt jest niedostępny, zwrócimy Ci całą kwotę w ciągu
[[refund_time]].</p>
<h2>3. Płatność</h2>
<p>Możesz zapłacić jedną z poniższych metod. Ewentualna opłata jest widoczna w kasie, zanim zapłacisz; płatności
kartą przechodzą przez Stripe, a Twój bank może poprosić o ich potwierdzenie w 3-D Secure.</p>
<p>[[payment_fees]]</p>
<p>Przy przelewie bankowym wpłać kwotę na poniższe konto, w tytule podając numer zamówienia:</p>
<p>[[bank_details]]</p>
<h2>4. Odstąpienie od umowy i zwroty</h2>
<p>Prawo odstąpienia od umowy i naszą obietnicę zwrotu opisuje nasza <a href="/pl/policies/returns/">polityka
zwrotów</a>.</p>
<h2>5. Rękojmia i gwarancja</h2>
<p>Odpowiadamy za zgodność towaru z umową zgodnie z przepisami. Gwarancja handlowa, jeśli strona produktu ją
podaje, obowiązuje dodatkowo.</p>
<h2>6. Spory</h2>
<p>Obowiązuje prawo holenderskie, co nie pozbawia Cię ochrony, jaką dają bezwzględnie obowiązujące przepisy
kraju Twojego zamieszkania. Spory rozstrzyga {court} albo, jeśli wolisz, sąd właściwy dla Twojego miejsca
zamieszkania. Możesz też skorzystać z unijnej platformy internetowego rozstrzygania sporów (ODR).</p>
"""


def terms_nl(email: str, court: str) -> str:
    return f"""
<h2>1. Wie we zijn</h2>
<p>Deze voorwaarden gelden voor elke bestelling bij {TRADER_NL}, ingeschreven bij de Kamer van Koophandel onder
nummer 00000000 (demo). Klantenservice: <a href="mailto:{email}">{email}</a>.</p>
<h2>2. Bestellingen en overeenkomst</h2>
<p>De overeenkomst komt tot stand wanneer we je betaalde bestelling per e-mail bevestigen. Prijzen zijn inclusief
btw bij levering binnen de EU. Blijkt een artikel na betaling niet leverbaar, dan betalen we je het volledige
bedrag terug binnen [[refund_time]].</p>
<h2>3. Betaling</h2>
<p>Je kunt betalen met de methoden hieronder. Eventuele kosten zie je in de kassa voordat je betaalt;
kaartbetalingen lopen via Stripe, en je bank kan je vragen ze te bevestigen met 3-D Secure.</p>
<p>[[payment_fees]]</p>
<p>Betaal je per bankoverschrijving, maak het bedrag dan over naar de rekening hieronder, met je bestelnummer
als omschrijving:</p>
<p>[[bank_details]]</p>
<h2>4. Herroeping en retourneren</h2>
<p>Je herroepingsrecht en onze retourbelofte staan in ons <a href="/nl/policies/returns/">retourbeleid</a>.</p>
<h2>5. Garantie</h2>
<p>Je hebt de wettelijke garantie op conformiteit. Onze commerciële garantie, als een productpagina die noemt,
komt daarbovenop.</p>
<h2>6. Geschillen</h2>
<p>Op deze voorwaarden is Nederlands recht van toepassing, zonder dat je de bescherming verliest van het
dwingende recht van het land waar je woont. Geschillen gaan naar {court}, of naar de rechter van je woonplaats
als je dat liever hebt. Je kunt ook het ODR-platform van de EU gebruiken.</p>
"""


PAYMENT_SECURITY_PL = """
<p>Dane Twojej karty nigdy nie trafiają na nasze serwery. Oto jak działa płatność w Trustmark.</p>
<h2>Twoją kartę obsługuje Stripe</h2>
<p>Płatności kartą obsługuje Stripe, operator płatności z certyfikatem PCI DSS Level 1, najwyższym poziomem
standardu bezpieczeństwa branży kart płatniczych. Formularz karty na stronie kasy Stripe wyświetla w bezpiecznej
ramce: to, co wpisujesz, trafia prosto do Stripe, a my otrzymujemy tylko identyfikator płatności, jej status i
cztery ostatnie cyfry karty.</p>
<h2>3-D Secure</h2>
<p>Twój bank może poprosić o potwierdzenie płatności w aplikacji bankowej albo kodem (3-D Secure, wymagane przy
większości płatności kartą w UE zgodnie z zasadami silnego uwierzytelniania klienta PSD2). Danych z tego kroku
również nie widzimy.</p>
<h2>Co przechowujemy</h2>
<ul>
<li>Nigdy numeru karty, daty ważności ani kodu CVC.</li>
<li>Kwotę, walutę i status każdej płatności, aby zrealizować zamówienie i ewentualny zwrot.</li>
</ul>
<h2>Połączenie</h2>
<p>Każda strona jest udostępniana wyłącznie przez HTTPS, z mechanizmem HTTP Strict Transport Security i ścisłą
polityką Content Security Policy, która pozwala wczytywać skrypty tylko z naszej domeny i ze Stripe.</p>
{extra}
"""

PAYMENT_SECURITY_NL = """
<p>Je kaartgegevens komen nooit op onze servers. Zo werkt een betaling bij Trustmark.</p>
<h2>Stripe verwerkt je kaart</h2>
<p>Kaartbetalingen worden verwerkt door Stripe, een betaaldienstverlener met een PCI DSS Level 1-certificering,
het hoogste niveau van de beveiligingsstandaard van de kaartbranche. Het kaartformulier in onze kassa wordt door
Stripe in een beveiligd kader getoond: wat je intypt gaat rechtstreeks naar Stripe, en wij ontvangen alleen een
verwijzing naar de betaling, de status en de laatste vier cijfers van de kaart.</p>
<h2>3-D Secure</h2>
<p>Je bank kan je vragen de betaling te bevestigen in je bankapp of met een code (3-D Secure, verplicht voor de
meeste kaartbetalingen in de EU onder de sterke klantauthenticatie van PSD2). Ook de gegevens van die stap zien
wij nooit.</p>
<h2>Wat we bewaren</h2>
<ul>
<li>Nooit een kaartnummer, vervaldatum of beveiligingscode.</li>
<li>Het bedrag, de valuta en de status van elke betaling, om je bestelling te leveren en terug te betalen.</li>
</ul>
<h2>Verbinding</h2>
<p>Elke pagina gaat alleen over HTTPS, met HTTP Strict Transport Security en een strikte Content Security Policy
die scripts alleen van ons eigen domein en van Stripe laat laden.</p>
{extra}
"""


def report_pl(email: str) -> str:
    return (
        "<h2>Zgłoś problem</h2><p>Widzisz płatność, której nie rozpoznajesz? Napisz na adres "
        f'<a href="mailto:{email}">{email}</a>: odpowiemy w ciągu [[support_response_time]].</p>'
    )


def report_nl(email: str) -> str:
    return (
        "<h2>Meld een probleem</h2><p>Zie je een betaling die je niet herkent? Schrijf naar "
        f'<a href="mailto:{email}">{email}</a>: we antwoorden binnen [[support_response_time]].</p>'
    )


def withdrawal_pl(email: str, note: str) -> str:
    return f"""
<p>(formularz ten należy wypełnić i odesłać tylko w przypadku chęci odstąpienia od umowy)</p>
<ul>
<li>Adresat: {TRADER_PL}, e-mail: <a href="mailto:{email}">{email}</a>:</li>
<li>Ja/My (*) niniejszym informuję/informujemy (*) o moim/naszym odstąpieniu od umowy sprzedaży następujących
rzeczy (*)/umowy o świadczenie następującej usługi (*),</li>
<li>Data zawarcia umowy (*)/odbioru (*),</li>
<li>Imię i nazwisko konsumenta(-ów),</li>
<li>Adres konsumenta(-ów),</li>
<li>Podpis konsumenta(-ów) (tylko jeżeli formularz jest przesyłany w wersji papierowej),</li>
<li>Data</li>
</ul>
<p>(*) Niepotrzebne skreślić.</p>
{note}
"""


def withdrawal_nl(email: str, note: str) -> str:
    return f"""
<p>(dit formulier alleen invullen en terugzenden als je de overeenkomst wilt herroepen)</p>
<ul>
<li>Aan {TRADER_NL}, e-mail: <a href="mailto:{email}">{email}</a>:</li>
<li>Ik/Wij (*) deel/delen (*) u hierbij mede dat ik/wij (*) onze overeenkomst betreffende de verkoop van de
volgende goederen/levering van de volgende dienst (*) herroep/herroepen (*),</li>
<li>Besteld op (*)/ontvangen op (*),</li>
<li>Naam/Namen consument(en),</li>
<li>Adres consument(en),</li>
<li>Handtekening van consument(en) (alleen wanneer dit formulier op papier wordt ingediend),</li>
<li>Datum</li>
</ul>
<p>(*) Doorhalen wat niet van toepassing is.</p>
{note}
"""


WITHDRAWAL_NOTE_PL = (
    "<p>Możesz też odstąpić od umowy na stronie zamówienia albo wysłać ten tekst e-mailem; korzystanie z "
    "formularza nie jest obowiązkowe.</p>"
)
WITHDRAWAL_NOTE_NL = (
    "<p>Je kunt ook herroepen via je bestelpagina, of deze tekst per e-mail sturen; het gebruik van dit formulier "
    "is niet verplicht.</p>"
)

FIRST_VERSION = {"pl": "Pierwsza opublikowana wersja.", "nl": "Eerste gepubliceerde versie."}
SUMMARIES = {
    "tracking": {
        "pl": "Dodaliśmy informację, jak śledzić przesyłkę.",
        "nl": "Toegevoegd hoe je je pakket kunt volgen.",
    },
    "privacy": {
        "pl": "Faktury przechowujemy przez 7 lat (minimum wymagane prawem holenderskim) zamiast 10.",
        "nl": "Facturen bewaren we 7 jaar (het wettelijke minimum in Nederland) in plaats van 10.",
    },
    "terms": {
        "pl": "Doprecyzowaliśmy, który sąd rozstrzyga spory; sądy właściwe dla Twojego miejsca zamieszkania pozostają "
        "dostępne.",
        "nl": "Verduidelijkt welke rechter geschillen behandelt; de rechter van je woonplaats blijft beschikbaar.",
    },
    "report": {
        "pl": "Dodaliśmy, jak zgłosić płatność, której nie rozpoznajesz.",
        "nl": "Toegevoegd hoe je een betaling meldt die je niet herkent.",
    },
    "withdrawal_first": {
        "pl": "Pierwsza opublikowana wersja (dyrektywa 2011/83/UE, załącznik I część B).",
        "nl": "Eerste gepubliceerde versie (Richtlijn 2011/83/EU, bijlage I, deel B).",
    },
    "withdrawal": {
        "pl": "Dodaliśmy, że formularz jest dobrowolny i że odstąpić można też na stronie zamówienia.",
        "nl": "Toegevoegd dat het formulier niet verplicht is en dat herroepen ook via de bestelpagina kan.",
    },
}
COURT = {
    "first": {"pl": "sąd w Amsterdamie", "nl": "de rechtbank Amsterdam"},
    "second": {"pl": "właściwy sąd w Amsterdamie", "nl": "de bevoegde rechter in Amsterdam"},
}
RETURN_CONDITIONS = {
    "pl": "Nieużywany, w oryginalnym opakowaniu, ze wszystkimi akcesoriami.",
    "nl": "Ongebruikt, in de originele verpakking, met alle accessoires.",
}
