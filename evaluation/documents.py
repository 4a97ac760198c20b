"""Document templates for the evaluation corpus; each writer returns a Doc whose spans are exact labels."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from evaluation.names import Person, draw_person
from scanner.synth import identifiers as ids

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class Doc:
    parts: list[str] = field(default_factory=list)
    spans: list[list] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, entity: str | None = None) -> None:
        if entity:
            self.spans.append([self.length, self.length + len(text), entity])
        self.parts.append(text)
        self.length += len(text)

    def fill(self, template: str, **values: str) -> None:
        """Write `template`; {UPPER_CASE} placeholders are labelled with their name (less a digit suffix)."""
        position = 0
        for match in _PLACEHOLDER.finditer(template):
            self.add(template[position:match.start()])
            key = match.group(1)
            entity = key.rstrip("0123456789") if key.isupper() else None
            self.add(values[key], entity)
            position = match.end()
        self.add(template[position:])

    @property
    def text(self) -> str:
        return "".join(self.parts)


# --- values -------------------------------------------------------------------------------------------
COMPANIES = [
    "Tamm & Kask AS", "Põhjala Puit OÜ", "Kase Ehitus OÜ", "Saare Transport AS", "Mets ja Pojad OÜ",
    "Baltic Data Solutions OÜ", "AS Tallinna Kinnisvara", "Nordic Ledger Ltd", "Mägi Consulting OÜ",
    "Rebase Grupp AS", "Lepik & Saar OÜ", "MTÜ Järve Selts",
]
STREETS = ["Kase", "Pärna", "Tamme", "Narva", "Tartu", "Pikk", "Lai", "Männi", "Kuuse", "Mustamäe", "Vabaduse",
           "Kalevi", "Jõe", "Kreutzwaldi", "Sõpruse"]
STREET_TYPES = ["tn", "tn", "mnt", "pst", "tee", "tänav"]
CITIES = [("10115", "Tallinn"), ("51003", "Tartu"), ("80010", "Pärnu"), ("20307", "Narva"), ("71020", "Viljandi")]
DOMAINS = ["firma.ee", "gmail.com", "neti.ee", "mail.ee", "example.co.uk", "tootja.eu", "ettevote.ee"]
_ASCII = str.maketrans("õäöüšžÕÄÖÜŠŽ", "oaouszOAOUSZ")


def email(rng: random.Random, person: Person) -> str:
    local = rng.choice([f"{person.first}.{person.last}", f"{person.first[0]}{person.last}", person.first])
    return f"{local.lower().translate(_ASCII).replace(' ', '')}@{rng.choice(DOMAINS)}"


def phone(rng: random.Random, international: bool = False) -> str:
    if international or rng.random() < 0.15:
        # Mobile ranges valid in libphonenumber's metadata; no validity loop, so the corpus does not
        # change with the library's version.
        country, prefix, count = rng.choice([("+358", "40", 7), ("+371", "26", 6), ("+49", "151", 8),
                                             ("+44", "7400", 6), ("+46", "70", 7)])
        return f"{country} {prefix}{digits(rng, count)}"
    if rng.random() < 0.2:
        return ids.estonian_landline(rng)
    return ids.estonian_mobile(rng)


def address(rng: random.Random) -> str:
    postcode, city = rng.choice(CITIES)
    number = rng.choice([str(rng.randrange(1, 120)), f"{rng.randrange(1, 60)}a", f"{rng.randrange(1, 40)}/{rng.randrange(1, 9)}",
                         f"{rng.randrange(1, 80)}-{rng.randrange(1, 60)}"])
    return f"{rng.choice(STREETS)} {rng.choice(STREET_TYPES)} {number}, {postcode} {city}"


def when(rng: random.Random) -> date:
    return date(2024, 1, 1) + timedelta(days=rng.randrange(0, 900))


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def english_date(day: date) -> str:
    """'5 March 2025', whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def amount(rng: random.Random) -> str:
    whole = rng.randrange(10, 99999)
    return f"{whole:,}".replace(",", " ") + f",{rng.randrange(0, 100):02d}"


def digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def passport(rng: random.Random) -> str:
    return rng.choice("KV") + digits(rng, 7)


def id_card(rng: random.Random) -> str:
    return rng.choice(["AA", "AB", "AC", "NA"]) + digits(rng, 7)


def licence(rng: random.Random) -> str:
    return "ET" + digits(rng, 6)


def ip(rng: random.Random) -> str:
    return ids.ipv6(rng) if rng.random() < 0.25 else ids.ipv4(rng)


def org_codes(rng: random.Random) -> tuple[str, str]:
    return ids.registry_code(rng), ids.vat_number(rng)


# --- documents ----------------------------------------------------------------------------------------
def et_letter(rng: random.Random) -> Doc:
    doc, sender, customer = Doc(), draw_person(rng), draw_person(rng)
    case = rng.choice([("le", "Saatsin arve {PERSON} e-posti aadressile {EMAIL_ADDRESS}."),
                       ("ga", "Eile kohtusin {PERSON} ja arutasime lepingut."),
                       ("", "Vastavalt {PERSON} avaldusele muudame arveldusarvet."),
                       ("lt", "Saime {PERSON} kirja, kus ta palub andmed parandada.")])
    doc.add(rng.choice(["Tere!\n\n", "Lugupeetud klient\n\n", "Tere päevast\n\n"]))
    doc.fill(case[1], PERSON=customer.inflected(case[0]), EMAIL_ADDRESS=email(rng, customer))
    doc.fill(" Palun tasuge {amount} EUR arveldusarvele {IBAN_CODE} hiljemalt {day}. Arve nr {invoice}, viitenumber {ref}.\n",
             amount=amount(rng), IBAN_CODE=ids.estonian_iban(rng), day=f"{when(rng):%d.%m.%Y}",
             invoice=ids.invoice_number(rng), ref=digits(rng, rng.choice([7, 9])))
    if rng.random() < 0.6:
        doc.fill("Kliendi isikukood on {EE_PERSONAL_CODE} ja mobiil {PHONE_NUMBER}.\n",
                 EE_PERSONAL_CODE=ids.personal_code(rng), PHONE_NUMBER=phone(rng))
    doc.add(rng.choice(["Kask kasvab meie metsas kiiresti. ", "Tamm on tugev puu. ", "Tallinnas sajab. ", ""]))
    doc.fill("Küsimuste korral helistage {PHONE_NUMBER}.\n\n{closing},\n{PERSON}\n{company}\nTel {PHONE_NUMBER2}\n",
             PHONE_NUMBER=phone(rng), closing=rng.choice(["Lugupidamisega", "Parimate soovidega", "Tervitades"]),
             PERSON=sender.full, company=rng.choice(COMPANIES), PHONE_NUMBER2=phone(rng))
    return doc


def en_letter(rng: random.Random) -> Doc:
    doc, sender, customer = Doc(), draw_person(rng, estonian=rng.random() < 0.3), draw_person(rng, estonian=False)
    doc.fill("Dear Mr {PERSON},\n\n", PERSON=customer.last)
    doc.fill("Thank you for your order {order} of {day}. We charged {amount} EUR to your card {CREDIT_CARD}. "
             "Your account manager {PERSON} will call you on {PHONE_NUMBER} or write to {EMAIL_ADDRESS}.\n",
             order=f"{rng.choice(['PO', 'ORD-', ''])}{digits(rng, rng.choice([6, 8, 10]))}", day=f"{when(rng):%Y-%m-%d}",
             amount=amount(rng), CREDIT_CARD=ids.card_number(rng, spaced=rng.random() < 0.7), PERSON=sender.full,
             PHONE_NUMBER=phone(rng, international=rng.random() < 0.5), EMAIL_ADDRESS=email(rng, sender))
    doc.fill("The failed attempt with card {card} was declined. Refunds go to {IBAN_CODE}.\n",
             card=ids.invalid_card_number(rng), IBAN_CODE=rng.choice([ids.foreign_iban(rng), ids.estonian_iban(rng)]))
    doc.fill("General Terms and Conditions apply. Customer Service is open Monday to Friday.\n\n"
             "Best regards,\n{PERSON}\n{company}\n", PERSON=sender.full, company=rng.choice(COMPANIES))
    return doc


def et_contract(rng: random.Random) -> Doc:
    doc, employee, boss = Doc(), draw_person(rng), draw_person(rng)
    registry, vat = org_codes(rng)
    doc.fill("TÖÖLEPING nr {number}\n\nTööandja {company} (registrikood {EE_REGISTRY_CODE}, KMKR {EE_VAT_NUMBER}), "
             "aadress {LOCATION}, keda esindab juhatuse liige {PERSON}, ja\n",
             number=f"{rng.randrange(1, 999)}/{when(rng).year}", company=rng.choice(COMPANIES),
             EE_REGISTRY_CODE=registry, EE_VAT_NUMBER=vat, LOCATION=address(rng), PERSON=boss.full)
    doc.fill("töötaja {PERSON}, isikukood {EE_PERSONAL_CODE}, elukoht {LOCATION}, telefon {PHONE_NUMBER}, "
             "e-post {EMAIL_ADDRESS},\nsõlmisid käesoleva lepingu.\n",
             PERSON=employee.full, EE_PERSONAL_CODE=ids.personal_code(rng), LOCATION=address(rng),
             PHONE_NUMBER=phone(rng), EMAIL_ADDRESS=email(rng, employee))
    doc.fill("1. Töötasu {amount} eurot makstakse töötaja arveldusarvele {IBAN_CODE} iga kuu {day}. kuupäeval.\n"
             "2. Töötaja isikut tõendav dokument: passi number {EE_PASSPORT_NUMBER}.\n",
             amount=amount(rng), IBAN_CODE=ids.estonian_iban(rng), day=str(rng.randrange(1, 28)),
             EE_PASSPORT_NUMBER=passport(rng))
    if rng.random() < 0.5:
        doc.fill("3. Ametiautot juhib töötaja juhiloa nr {EE_DRIVING_LICENCE_NUMBER} alusel.\n",
                 EE_DRIVING_LICENCE_NUMBER=licence(rng))
    doc.fill("Leping jõustub {day}. Lepingu number süsteemis {invoice}.\n\nTööandja: {PERSON}\nTöötaja: {PERSON2}\n",
             day=f"{when(rng):%d.%m.%Y}", invoice=ids.invoice_number(rng), PERSON=boss.full, PERSON2=employee.full)
    return doc


def en_contract(rng: random.Random) -> Doc:
    doc, client = Doc(), draw_person(rng, estonian=rng.random() < 0.5)
    registry, vat = org_codes(rng)
    doc.fill("SERVICE AGREEMENT No {number}\n\nProvider: {company}, registry code {EE_REGISTRY_CODE}, VAT number "
             "{EE_VAT_NUMBER}, address {LOCATION}.\nClient: {PERSON}, personal identification code {EE_PERSONAL_CODE}, "
             "e-mail {EMAIL_ADDRESS}, phone {PHONE_NUMBER}.\n",
             number=digits(rng, 6), company=rng.choice(COMPANIES), EE_REGISTRY_CODE=registry, EE_VAT_NUMBER=vat,
             LOCATION=address(rng), PERSON=client.full, EE_PERSONAL_CODE=f"{rng.choice(['', '', 'PNOEE-'])}{ids.personal_code(rng)}",
             EMAIL_ADDRESS=email(rng, client), PHONE_NUMBER=phone(rng))
    doc.fill("Identity was checked against ID card number {EE_ID_CARD_NUMBER}. Fees of {amount} EUR are paid by card "
             "{CREDIT_CARD} or to {IBAN_CODE}. Reference {ref}, SKU {sku}, version 2.{minor}.0.{build}.\n",
             EE_ID_CARD_NUMBER=id_card(rng), amount=amount(rng), CREDIT_CARD=ids.card_number(rng), IBAN_CODE=ids.estonian_iban(rng),
             ref=ids.invoice_number(rng), sku=f"{rng.choice('ABCKX')}{digits(rng, 7)}", minor=str(rng.randrange(10)),
             build=str(rng.randrange(100)))
    doc.fill("Signed for the Provider: {PERSON}\n", PERSON=draw_person(rng).full)
    return doc


def export_csv(rng: random.Random) -> Doc:
    doc = Doc()
    # Registers often write the surname first, in capitals, or as "Tamm, Mari".
    style = rng.choice(["full", "full", "surname first", "capitals", "comma"])
    doc.add("nimi;isikukood;telefon;e-post;iban;linn\n")
    for _ in range(rng.randrange(4, 9)):
        person = draw_person(rng)
        name = {"full": person.full, "surname first": f"{person.last} {person.first}",
                "capitals": f"{person.last} {person.first}".upper(), "comma": f"{person.last}, {person.first}"}[style]
        doc.fill("{PERSON};{EE_PERSONAL_CODE};{PHONE_NUMBER};{EMAIL_ADDRESS};{IBAN_CODE};{city}\n",
                 PERSON=name, EE_PERSONAL_CODE=ids.personal_code(rng), PHONE_NUMBER=phone(rng),
                 EMAIL_ADDRESS=email(rng, person), IBAN_CODE=ids.estonian_iban(rng, spaced=False), city=rng.choice(CITIES)[1])
    doc.fill("Kokku;{count};;;;\n", count=str(rng.randrange(100, 999)))
    return doc


def app_log(rng: random.Random) -> Doc:
    doc = Doc()
    for _ in range(rng.randrange(6, 14)):
        stamp = f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"
        person = draw_person(rng, estonian=rng.random() < 0.7)
        line = rng.choice([
            ("{stamp} INFO login ok user={EMAIL_ADDRESS} ip={IP_ADDRESS} took {ms} ms\n", {}),
            ("{stamp} WARN agent v{version} order={order} sku={sku} amount={amount}\n", {}),
            ("{stamp} INFO payment card={CREDIT_CARD} ip={IP_ADDRESS} invoice={invoice}\n", {}),
            ("{stamp} DEBUG build {version} oid 1.3.6.1.4.1.{ms} session={session}\n", {}),
            ("{stamp} INFO profile update ik={EE_PERSONAL_CODE} tel={PHONE_NUMBER}\n", {}),
        ])[0]
        values = dict(stamp=stamp, EMAIL_ADDRESS=email(rng, person), IP_ADDRESS=ip(rng), ms=str(rng.randrange(1, 999)),
                      version=f"{rng.randrange(1, 12)}.{rng.randrange(10)}.{rng.randrange(10)}.{rng.randrange(100)}",
                      order=digits(rng, 8), sku=f"{rng.choice('ABK')}{digits(rng, 7)}", amount=f"{rng.randrange(1, 9999)}.{rng.randrange(100):02d}",
                      CREDIT_CARD=ids.card_number(rng, spaced=False), invoice=ids.invoice_number(rng),
                      session=f"{rng.getrandbits(64):016x}", EE_PERSONAL_CODE=ids.personal_code(rng),
                      PHONE_NUMBER=phone(rng))
        doc.fill(line, **{k: v for k, v in values.items() if "{" + k + "}" in line})
    return doc


def et_invoice(rng: random.Random) -> Doc:
    doc, buyer = Doc(), draw_person(rng)
    registry, vat = org_codes(rng)
    doc.fill("ARVE nr {invoice}\nKuupäev: {day}\nMüüja: {company}, reg. kood {EE_REGISTRY_CODE}, KMKR {EE_VAT_NUMBER}\n"
             "Müüja aadress: {LOCATION}\nOstja: {PERSON}\nOstja e-post: {EMAIL_ADDRESS}\nTellimuse nr {order}\n",
             invoice=ids.invoice_number(rng), day=f"{when(rng):%d.%m.%Y}", company=rng.choice(COMPANIES),
             EE_REGISTRY_CODE=registry, EE_VAT_NUMBER=vat, LOCATION=address(rng), PERSON=buyer.full,
             EMAIL_ADDRESS=email(rng, buyer), order=rng.choice([digits(rng, 7), "5" + digits(rng, 7), digits(rng, 11)]))
    for _ in range(rng.randrange(2, 5)):
        doc.fill("{sku}  Toode {n}  {qty} tk  {price}  {total}\n", sku=f"{rng.choice('ABKX')}{digits(rng, 7)}",
                 n=str(rng.randrange(1, 99)), qty=str(rng.randrange(1, 20)), price=amount(rng), total=amount(rng))
    doc.fill("Kokku: {amount} EUR\nTasuda arveldusarvele {IBAN_CODE}, viitenumber {ref}.\nVigane konto {bad_iban} ja "
             "vana arve {bad_code} ei kehti (kuupäev {date2}).\n",
             amount=amount(rng), IBAN_CODE=ids.estonian_iban(rng), ref=digits(rng, 8), bad_iban=ids.invalid_iban(rng),
             bad_code=rng.choice([ids.invalid_personal_code(rng), ids.bad_date_personal_code(rng)]), date2=f"{when(rng):%Y.%m.%d}")
    if rng.random() < 0.5:
        doc.fill("Makstud kaardiga {CREDIT_CARD}.\n", CREDIT_CARD=ids.card_number(rng))
    return doc


def hr_note(rng: random.Random) -> Doc:
    doc, worker = Doc(), draw_person(rng)
    doc.fill("Personaliosakonna märge\nTöötaja: {PERSON}, isikukood {EE_PERSONAL_CODE}\n", PERSON=worker.full,
             EE_PERSONAL_CODE=ids.personal_code(rng))
    notes = [
        ("Töötaja viibis {}-l kuni {day}.", "haiguslehel", "SPECIAL_CATEGORY_HEALTH"),
        ("{} on lisatud toimikusse.", "Perearsti tervisetõend", "SPECIAL_CATEGORY_HEALTH"),
        ("Töötaja on {} liige ja liikmemaks peetakse palgast kinni.", "ametiühingu", "SPECIAL_CATEGORY_TRADE_UNION"),
        ("Kandideerimisel esitati väljavõte {}.", "karistusregistrist", "SPECIAL_CATEGORY_CRIMINAL"),
        ("Uksele pääseb {} abil.", "sõrmejälje", "SPECIAL_CATEGORY_BIOMETRIC"),
        ("Töötaja palus vaba päeva {} püha tõttu.", "usulise", "SPECIAL_CATEGORY_RELIGION"),
        ("The employee provided a {} for the absence.", "medical certificate", "SPECIAL_CATEGORY_HEALTH"),
    ]
    for template, word, entity in rng.sample(notes, 3):
        before, after = template.split("{}")
        doc.add(before.replace("{day}", f"{when(rng):%d.%m.%Y}"))
        doc.add(word, entity)
        doc.add(after.replace("{day}", f"{when(rng):%d.%m.%Y}") + "\n")
    if rng.random() < 0.5:
        doc.fill("ID-kaardi number {EE_ID_CARD_NUMBER}, juhiluba {EE_DRIVING_LICENCE_NUMBER}.\n",
                 EE_ID_CARD_NUMBER=id_card(rng), EE_DRIVING_LICENCE_NUMBER=licence(rng))
    doc.fill("Märkme koostas {PERSON}. Tervitades, osakond.\n", PERSON=draw_person(rng).full)
    return doc


def hard_negatives(rng: random.Random) -> Doc:
    """Business text with no personal data: every match here is a false positive."""
    doc = Doc()
    registry, vat = org_codes(rng)
    lines = [
        f"{rng.choice(COMPANIES)} müüb puitu ja {rng.choice(COMPANIES)} veab seda Tallinnast Tartusse.",
        "Kask kasvab kiiresti. Tamm on tugev puu. Saar on meres. Mets on suur.",
        f"Tellimus {digits(rng, 7)} saadeti {when(rng):%d.%m.%Y}, summa {amount(rng)} EUR, tellimuse nr 5{digits(rng, 6)}.",
        f"Arve {ids.invoice_number(rng)} ja viitenumber {digits(rng, 9)}; toote kood {rng.choice('ABK')}{digits(rng, 7)}.",
        f"Versioon {rng.randrange(1, 9)}.{rng.randrange(10)}.{rng.randrange(10)}.{rng.randrange(50)} paigaldati serverisse.",
        f"Tartu Ülikool ja Eesti Pank korraldavad seminari Pärnu Rannahotellis {when(rng):%d.%m}.",
        f"Ettevõtte registrikood on {registry} ja käibemaksukohustuslase number {vat}.",
        f"Vigane kaart {ids.invalid_card_number(rng)} ja vigane konto {ids.invalid_iban(rng)}.",
        f"Kohtumine toimub Harju Maakohtus. General Terms and Conditions, Data Protection Officer.",
        f"Laos on {rng.randrange(100, 9999)} ühikut, hind {amount(rng)}, EAN 4740{digits(rng, 9)}.",
        f"Helistasime numbrile, kuid keegi ei vastanud. Telefonikõne kestis {rng.randrange(2, 59)} minutit.",
        f"Privacy policy, version {rng.randrange(1, 5)}.{rng.randrange(10)}; Sales Team meeting on Monday.",
    ]
    for line in rng.sample(lines, 7):
        if "registrikood" in line:
            before, rest = line.split(registry)
            middle, after = rest.split(vat)
            doc.add(before)
            doc.add(registry, "EE_REGISTRY_CODE")
            doc.add(middle)
            doc.add(vat, "EE_VAT_NUMBER")
            doc.add(after + "\n")
        else:
            doc.add(line + "\n")
    return doc


def et_memo(rng: random.Random) -> Doc:
    """Meeting notes: names in lists, at sentence starts and mid-sentence, beside products and places."""
    doc, people = Doc(), [draw_person(rng) for _ in range(3)]
    doc.fill("Koosoleku protokoll {day}\nKoht: {place}\nOsalesid: {PERSON}, {PERSON2} ja {PERSON3}.\n\n",
             day=f"{when(rng):%d.%m.%Y}", place=rng.choice(["Tallinna kontor", "Microsoft Teams", "Tartu Ülikooli saal"]),
             PERSON=people[0].full, PERSON2=people[1].full, PERSON3=people[2].full)
    doc.fill("1. {PERSON} tutvustas Q{q} eelarvet ja Power BI aruannet. ", PERSON=people[0].full, q=str(rng.randrange(1, 5)))
    doc.fill("Otsustati, et {PERSON} saadab pakkumise {company} esindajale {day}.\n",
             PERSON=people[1].full, company=rng.choice(COMPANIES), day=f"{when(rng):%d.%m}")
    doc.fill("2. Eesti Energia ja Tallinna Vesi arved kinnitati. {PERSON} lisas, et Google Drive kaust tuleb "
             "korrastada.\n", PERSON=people[2].full)
    doc.fill("3. Järgmine koosolek toimub {LOCATION} kontoris. Küsimused: {EMAIL_ADDRESS}.\n",
             LOCATION=f"{rng.choice(STREETS)} {rng.choice(['tn', 'mnt'])} {rng.randrange(1, 90)}", EMAIL_ADDRESS=email(rng, people[0]))
    return doc


def en_memo(rng: random.Random) -> Doc:
    doc, people = Doc(), [draw_person(rng, estonian=rng.random() < 0.4) for _ in range(3)]
    doc.fill("Minutes of the Budget Review, {day}\nAttendees: {PERSON}, {PERSON2}, {PERSON3}\n\n",
             day=english_date(when(rng)), PERSON=people[0].full, PERSON2=people[1].full, PERSON3=people[2].full)
    doc.fill("{PERSON} presented the Q{q} figures from Amazon Web Services and Microsoft Azure. We agreed that "
             "{PERSON2} will update the Sales Forecast in Google Sheets. ", PERSON=people[0].full,
             q=str(rng.randrange(1, 5)), PERSON2=people[1].full)
    doc.fill("Action: {PERSON} to call the New York office on {PHONE_NUMBER}.\n", PERSON=people[2].full,
             PHONE_NUMBER=phone(rng, international=True))
    return doc


DOCUMENT_KINDS = {
    "et_memo": et_memo, "en_memo": en_memo,
    "et_letter": et_letter, "en_letter": en_letter, "et_contract": et_contract, "en_contract": en_contract,
    "export_csv": export_csv, "app_log": app_log, "et_invoice": et_invoice, "hr_note": hr_note,
    "hard_negatives": hard_negatives,
}
