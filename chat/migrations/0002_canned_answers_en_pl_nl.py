"""The first canned answers, in English, Polish and Dutch; the merchant edits them in the admin."""

from django.db import migrations

ANSWERS = {
    "en": [
        ("Greeting", "Hello, thank you for waiting. How can I help you?"),
        ("Card details", "We never ask for your card number, expiry date or security code in a chat, by email or on "
                         "the phone. Please enter them only on the payment step of the checkout."),
        ("Payment pending", "Your payment is still being confirmed by the bank. You will get an email as soon as it "
                            "has arrived; you do not need to pay again."),
        ("Closing", "Is there anything else I can help you with? Thank you for chatting with us."),
    ],
    "pl": [
        ("Powitanie", "Dzień dobry, dziękujemy za cierpliwość. W czym mogę pomóc?"),
        ("Dane karty", "Nigdy nie prosimy o numer karty, datę ważności ani kod CVC na czacie, e-mailem ani przez "
                       "telefon. Podaj je wyłącznie w kroku płatności przy kasie."),
        ("Płatność w toku", "Bank wciąż potwierdza Twoją płatność. Wyślemy e-mail, gdy tylko dotrze; nie musisz "
                            "płacić ponownie."),
        ("Zakończenie", "Czy mogę pomóc w czymś jeszcze? Dziękujemy za rozmowę."),
    ],
    "nl": [
        ("Begroeting", "Hallo, bedankt voor het wachten. Waarmee kan ik u helpen?"),
        ("Kaartgegevens", "Wij vragen nooit om uw kaartnummer, vervaldatum of beveiligingscode in een chat, per e-mail "
                          "of telefonisch. Vul die alleen in bij de betaalstap van het afrekenen."),
        ("Betaling in behandeling", "Uw bank bevestigt de betaling nog. U krijgt een e-mail zodra die binnen is; u "
                                    "hoeft niet opnieuw te betalen."),
        ("Afsluiting", "Kan ik u nog ergens anders mee helpen? Bedankt voor het chatten."),
    ],
}


def add(apps, schema_editor):
    CannedAnswer = apps.get_model("chat", "CannedAnswer")
    for language, answers in ANSWERS.items():
        for position, (title, body) in enumerate(answers):
            CannedAnswer.objects.get_or_create(language=language, title=title, defaults={"body": body,
                                                                                        "position": position})


def remove(apps, schema_editor):
    CannedAnswer = apps.get_model("chat", "CannedAnswer")
    for language, answers in ANSWERS.items():
        CannedAnswer.objects.filter(language=language, title__in=[title for title, _ in answers]).delete()


class Migration(migrations.Migration):
    dependencies = [("chat", "0001_conversations_presence_canned_answers")]
    operations = [migrations.RunPython(add, remove)]
