"""The demo FAQ in Polish and Dutch, keyed by the English question (``demo.seeding.support.FAQ``).

``{fees_url}`` and ``{domain}`` are filled in when seeding, like in the English answers.
"""

from __future__ import annotations

# English question: ((question_pl, answer_pl), (question_nl, answer_nl))
FAQ: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "Which payment methods can I use?": (
        ("Jakimi metodami mogę zapłacić?",
         "<p>Kartą (Visa, Mastercard, American Express), poleceniem zapłaty SEPA, przelewem bankowym, a w Holandii i "
         "Belgii także za pobraniem. Każdą opłatę zobaczysz w <a href=\"{fees_url}\">tabeli opłat</a> i w koszyku, "
         "zanim zapłacisz.</p>"),
        ("Met welke betaalmethoden kan ik betalen?",
         "<p>Met een kaart (Visa, Mastercard, American Express), SEPA-incasso, bankoverschrijving en, in Nederland en "
         "België, onder rembours. Alle kosten staan in de <a href=\"{fees_url}\">kostentabel</a> en in je "
         "winkelwagen voordat je betaalt.</p>"),
    ),
    "Do you charge a fee for paying by card?": (
        ("Czy pobieracie opłatę za płatność kartą?",
         "<p>Nie. Prawo UE zakazuje doliczania opłat do płatności kartą konsumenta i płatności SEPA, a my go "
         "przestrzegamy. Opłatę manipulacyjną ma tylko płatność za pobraniem; kasa pokaże ją, zanim ją wybierzesz."
         "</p>"),
        ("Rekenen jullie kosten voor betalen met een kaart?",
         "<p>Nee. De EU verbiedt toeslagen op kaartbetalingen en SEPA-betalingen van consumenten, en daar houden we "
         "ons aan. Alleen betalen onder rembours kost iets extra; de kassa laat dat zien voordat je het kiest.</p>"),
    ),
    "Why did my bank ask me to confirm the payment?": (
        ("Dlaczego bank poprosił mnie o potwierdzenie płatności?",
         "<p>To 3-D Secure: bank sprawdza, czy to naprawdę Ty, zwykle w swojej aplikacji. Prośba pochodzi od Twojego "
         "banku i pojawia się tylko wtedy, gdy płacisz w naszej kasie. Nigdy nie dzwonimy ani nie piszemy SMS-ów z "
         "prośbą o potwierdzenie płatności.</p>"),
        ("Waarom vroeg mijn bank me de betaling te bevestigen?",
         "<p>Dat is 3-D Secure: je bank controleert of jij het echt bent, meestal in de bankapp. Het verzoek komt van "
         "je bank, alleen terwijl je in onze kassa betaalt. Wij bellen of sms'en je nooit om een betaling te "
         "bevestigen.</p>"),
    ),
    "My payment failed. Was I charged?": (
        ("Płatność się nie udała. Czy pobrano pieniądze?",
         "<p>Nie. Nieudana lub odrzucona płatność nie jest pobierana. Bank może przez kilka dni pokazywać blokadę "
         "środków; zniknie sama. Możesz spróbować ponownie albo wybrać inną metodę na stronie zamówienia.</p>"),
        ("Mijn betaling is mislukt. Is er geld afgeschreven?",
         "<p>Nee. Een mislukte of geweigerde betaling wordt niet afgeschreven. Je bank kan een paar dagen een "
         "reservering tonen; die verdwijnt vanzelf. Je kunt het opnieuw proberen of een andere methode kiezen op je "
         "bestelpagina.</p>"),
    ),
    "Do you store my card details?": (
        ("Czy przechowujecie dane mojej karty?",
         "<p>Nie. Dane karty wpisujesz w pola należące do Stripe, naszego operatora płatności, i trafiają prosto do "
         "niego. Nasze serwery nigdy nie otrzymują numeru karty, daty ważności ani kodu CVC.</p>"),
        ("Bewaren jullie mijn kaartgegevens?",
         "<p>Nee. Je typt je kaartgegevens in velden van Stripe, onze betaaldienstverlener, en ze gaan rechtstreeks "
         "naar hen. Onze servers krijgen je kaartnummer, vervaldatum of beveiligingscode nooit te zien.</p>"),
    ),
    "How can I tell an email really comes from you?": (
        ("Jak sprawdzić, że e-mail naprawdę jest od was?",
         "<p>Nasze e-maile przychodzą wyłącznie z adresów kończących się na @{domain}. Każdy e-mail o zamówieniu "
         "zawiera 6-znakowy kod weryfikacyjny: ten sam kod jest na stronie zamówienia. Jeśli kody się różnią, "
         "e-mail nie jest od nas.</p>"),
        ("Hoe weet ik dat een e-mail echt van jullie komt?",
         "<p>Onze e-mails komen alleen van adressen die eindigen op @{domain}. Elke e-mail over een bestelling toont "
         "een verificatiecode van 6 tekens: dezelfde code staat op je bestelpagina. Verschillen de codes, dan is de "
         "e-mail niet van ons.</p>"),
    ),
    "Will you ever ask for my password or a code?": (
        ("Czy kiedykolwiek poprosicie o hasło albo kod?",
         "<p>Nigdy. Nie prosimy o hasła, kody dwuetapowej weryfikacji, PIN karty, pełny numer karty ani o zdalny "
         "dostęp do komputera: ani e-mailem, ani SMS-em, ani telefonicznie.</p>"),
        ("Vragen jullie ooit om mijn wachtwoord of een code?",
         "<p>Nooit. We vragen niet om wachtwoorden, tweestapscodes, je pincode, je volledige kaartnummer of toegang "
         "op afstand tot je computer, niet per e-mail, sms of telefoon.</p>"),
    ),
    "How do I turn on two-factor authentication?": (
        ("Jak włączyć weryfikację dwuetapową?",
         "<p>Zaloguj się, otwórz stronę bezpieczeństwa konta i dodaj aplikację uwierzytelniającą. Od tej chwili do "
         "logowania potrzebne będą hasło i kod z aplikacji.</p>"),
        ("Hoe zet ik tweestapsverificatie aan?",
         "<p>Log in, open de beveiligingspagina van je account en voeg een authenticator-app toe. Vanaf dan heb je "
         "bij het inloggen je wachtwoord en een code uit de app nodig.</p>"),
    ),
    "How long does delivery take?": (
        ("Jak długo trwa dostawa?",
         "<p>Do Holandii i Belgii 1–2 dni robocze, do reszty UE 2–5. Przed zapłatą kasa pokazuje przewidywaną "
         "datę dostawy pod Twój adres.</p>"),
        ("Hoe lang duurt de levering?",
         "<p>In Nederland en België 1–2 werkdagen, in de rest van de EU 2–5. De kassa toont de verwachte "
         "leverdatum voor jouw adres voordat je betaalt.</p>"),
    ),
    "How do I track my parcel?": (
        ("Jak śledzić przesyłkę?",
         "<p>Gdy wyślemy zamówienie, prześlemy Ci e-mailem numer przesyłki; znajdziesz go też na stronie "
         "zamówienia.</p>"),
        ("Hoe volg ik mijn pakket?",
         "<p>Zodra je bestelling verzonden is, mailen we je een trackingnummer; het staat ook op je bestelpagina."
         "</p>"),
    ),
    "Will I pay customs duties or import VAT?": (
        ("Czy zapłacę cło lub VAT importowy?",
         "<p>Nie w obrębie UE. Przy wysyłce do Wielkiej Brytanii, Szwajcarii i Norwegii kasa pokazuje cło i VAT "
         "importowy i pozwala zapłacić je z góry, więc nikt nie pobierze ich przy drzwiach.</p>"),
        ("Betaal ik invoerrechten of invoer-btw?",
         "<p>Niet binnen de EU. Voor het Verenigd Koninkrijk, Zwitserland en Noorwegen toont de kassa eventuele "
         "invoerrechten en invoer-btw en kun je die vooraf betalen, zodat er aan de deur niets wordt geïnd.</p>"),
    ),
    "A courier texted me asking for a customs fee. Is that you?": (
        ("Kurier napisał SMS z prośbą o opłatę celną. Czy to wy?",
         "<p>Prawie na pewno nie. Ewentualne cło widać i opłaca się w naszej kasie. Nie klikaj linku; "
         "<a href=\"/pl/support/report/\">zgłoś nam tę wiadomość</a>.</p>"),
        ("Een koerier sms'te me om douanekosten te betalen. Zijn jullie dat?",
         "<p>Vrijwel zeker niet. Eventuele rechten zie en betaal je in onze kassa. Klik niet op de link; "
         "<a href=\"/nl/support/report/\">meld het bericht bij ons</a>.</p>"),
    ),
    "How many days do I have to return an item?": (
        ("Ile mam dni na zwrot produktu?",
         "<p>30 dni od dostawy, niezależnie od ustawowego 14-dniowego prawa odstąpienia od umowy. Szczegóły "
         "znajdziesz w polityce zwrotów.</p>"),
        ("Hoeveel dagen heb ik om iets terug te sturen?",
         "<p>30 dagen na levering, bovenop je wettelijke herroepingsrecht van 14 dagen. De details staan in het "
         "retourbeleid.</p>"),
    ),
    "When do I get my money back?": (
        ("Kiedy dostanę zwrot pieniędzy?",
         "<p>W ciągu 14 dni od otrzymania zwrotu, tą samą metodą płatności. Na stronie zamówienia zobaczysz każdy "
         "zwrot, gdy tylko go wyślemy.</p>"),
        ("Wanneer krijg ik mijn geld terug?",
         "<p>Binnen 14 dagen nadat we je retour hebben ontvangen, via de betaalmethode die je gebruikte. Je "
         "bestelpagina toont elke terugbetaling zodra we die versturen.</p>"),
    ),
}
