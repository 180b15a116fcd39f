"""Seed content for the Learn section, in skintrack's own words.

The facts come from a dermatologist-reviewed article on milia; every sentence here is ours.
REFERENCES points readers to clinicians' own pages on the same points (titles and links
only). Staff can edit all of it in the admin afterwards.
Bodies are Markdown. The "professional-treatments" page introduces the table that the app
renders from TREATMENTS, and the "faq" page introduces the questions rendered from FAQ.
"""

import datetime as dt

NOT_MEDICAL_ADVICE = (
    "skintrack is a tracking aid, not medical advice. For questions about your own skin, "
    "please ask a dermatologist."
)

_WHAT_ARE_MILIA = """
Milia are very small, hard bumps that sit just under the surface of the skin. They are
usually white or pale yellow and about the size of a pinhead. Most people notice them on
the face: around the eyes, on the eyelids, across the cheeks and on the nose. They often
turn up in little groups.

## What is inside them

Each bump is a tiny cyst. It holds keratin, a protein your skin makes all the time, along
with dead skin cells that should have flaked away but got stuck. Nothing drains out, so
the material stays sealed in a small pocket under the skin.

## How they differ from spots

Milia are easy to mistake for whiteheads, but they are something else:

- they have nothing to do with oil glands or bacteria;
- they rarely turn red or sore;
- they have no opening at the surface, so there is nothing to squeeze out.

## Primary and secondary milia

- **Primary milia** arise without any injury, simply from keratin that stays put. They
  are very common in newborns, and plenty of adults have them as well.
- **Secondary milia** appear where the skin has been hurt, for example after a burn, a
  blister or certain skin procedures, while the area heals.

## Are they a problem?

Milia are harmless. They do not usually hurt or itch, and they are not a sign of illness;
for most people they are simply a matter of looks. A baby's milia usually fade without
any help. An adult's can be more stubborn and last for weeks or months, which is why
gentle habits, and sometimes a dermatologist, are worth knowing about.

No age or skin type is immune. Babies get them most often; you may hear them called
"baby acne", which is misleading, as milia and acne are unrelated. Among adults, people
with thicker skin or a lot of past sun exposure are more likely to have them.

skintrack lets you note where your milia are and how many, so you can see how they change.
"""

_CAUSES = """
## How milia form

Your skin is always making new cells and shedding old ones. Milia appear when some of that
material, mostly keratin and dead cells, gets caught under the surface instead of flaking
away. What causes the trapping differs from one person to the next.

## What makes them more likely

- **Heavy products.** Rich creams, thick balms and heavy makeup can clog the skin and get
  in the way of its normal shedding.
- **Sun damage.** Years of UV exposure thicken the skin and slow down its natural renewal.
- **Your genes.** Milia can run in families; some people just form them more easily.
- **Long-term steroid creams.** Using a corticosteroid cream for a long time is a known
  trigger.
- **Skin that is healing.** Burns, blisters and harsh or abrasive treatments can leave
  secondary milia behind as the skin repairs itself.

Other things, such as getting older, your skin type and where you live and work, can
tip the balance too.

## Sometimes there is no clear reason

And sometimes milia simply turn up, with none of these factors in play. If that happens
to you, it does not mean you have done something wrong.

## What you can influence

You cannot change your genes, but several of the other factors are within reach:

- pick light, non-comedogenic products for the places where milia keep coming back;
- protect your skin from the sun every day;
- if you use a steroid cream for a long time, talk it over with whoever prescribed it;
- treat healing skin gently and keep it out of the sun.

skintrack can compare the ingredient lists of your products with a list of commonly rated
ingredients and point out the heavier ones. Those ratings are a rough guide, not a verdict.
"""

_NEVER_POP = """
## Why squeezing does not work

It is tempting to treat milia like spots and try to squeeze them out. A spot forms in a
pore, so it has a way out. A milium is sealed under the skin with no opening at all, so
pressing on it only pushes on the healthy skin around it.

## What can go wrong

Picking at milia at home, whether with fingers, pins or needles, can:

- carry bacteria into the skin and cause an infection;
- leave a permanent scar;
- leave a dark mark (hyperpigmentation) that can take a long time to fade.

Home extraction kits and gadgets sold as "milia removers" are no better: they don't get
the job done, and they can injure your skin.

## What to do instead

- Leave them alone. Many milia clear up by themselves, given time.
- Keep to gentle, regular care: a mild cleanser, a light chemical exfoliant about once a
  week, and sunscreen every morning.
- If they bother you or stay for a long time, see a dermatologist. They can open the skin
  with sterile instruments and remove the contents safely, and it is usually quick.

## If you have already tried

It happens. Stop picking, keep the area clean, and let it heal. Watch for redness,
swelling, pain or pus, which can mean an infection and are a reason to see a doctor soon.

If you log an attempt to pop milia, skintrack will point you to the safer options rather
than scold you.
"""

_DAILY_HABITS = """
Good daily habits will not make milia vanish overnight, but they help your skin shed as
it should and make new ones less likely.

## Cleanse gently

- Use a mild, non-comedogenic cleanser.
- Use lukewarm water, and dry your face by patting it with a soft towel, not rubbing.
- Give your skin makeup-free days when you can.
- Always take your makeup off before you go to bed.

## Exfoliate mildly, not daily

A chemical exfoliant, such as glycolic or lactic acid, helps old cells let go. Once a week
is a sensible rhythm; using one every day tends to irritate rather than help.

Leave gritty scrubs on the shelf. Rubbing with beads or shell powder irritates the skin
and can make milia worse.

## Consider a retinoid, at night

Retinoids belong to the vitamin A family. They make the skin replace its cells faster,
and that quicker turnover can loosen keratin that is stuck. Adapalene gel is sold
without a prescription, and a dermatologist can suggest stronger options if you need them.

- Apply retinoids in the evening only.
- They make your skin more sensitive to the sun, so wear sunscreen the next morning,
  every time.
- Keep retinoid nights and exfoliation nights apart to avoid irritation.

## Keep products light

Choose lightweight, non-comedogenic moisturisers and sunscreens. Keep oily creams and
thick balms away from the places where milia tend to appear, especially around the eyes.

## Protect your skin from the sun every day

Put on a broad-spectrum sunscreen each morning. When you are outdoors for longer, add a
hat, sunglasses and clothing that covers your skin. Sun damage is one of the things
behind milia, and mature skin feels it most.

skintrack reminds you about sunscreen after a retinoid night and keeps an eye on how
often you exfoliate.
"""

_SAFE_HOME_CARE = """
Caring for milia at home is mostly about patience and a light touch. The aim is to help
your skin renew itself, not to force anything out.

## Gentle steam

Steam loosens the top layer of skin a little, and softer skin sheds more easily. You do
not need any special equipment: staying in the bathroom for a few minutes once you have
finished a warm shower does the job.

Keep it brief and comfortable. Very hot water or steam can irritate or even scald the
skin, and the thin skin around the eyes is the most sensitive of all.

## Keep up the basics

- Wash with a mild, non-comedogenic cleanser.
- Use a light chemical exfoliant about once a week.
- Wear broad-spectrum sunscreen every morning.

Together these support steady skin renewal, which is how many milia clear up on their own.

## No tools, ever

Do not use needles, pins, lancets, extractor tools or anything sharp, and do not squeeze
with your fingers. Milia have no opening, so these only damage the skin around them and
risk infection, scars and dark marks. Kits sold as "milia removers" belong in the same
category.

## Give it time

Milia often take weeks, sometimes months, to clear. It is hard to judge progress in the
mirror from one day to the next; looking back over a few weeks tells you much more.
skintrack keeps a count for each area, so you can see the trend instead of relying on
memory.

If you are unsure about a bump, or it does not behave like milia, ask a dermatologist.
"""

_PROFESSIONAL = """
Stubborn milia, lots of them at once, or milia in a delicate spot like the skin by your
eyes are all good reasons to let a dermatologist take over. For a trained professional
this is a short job that hardly hurts, and the chance of a scar or an infection is much
lower than with any attempt at home.

## The options

The table below lists the usual treatments, who carries them out, and the side effects
worth asking about. Your dermatologist will suggest what suits your skin, how many milia
you have and where they are.

## Before your appointment

- Note how long you have had the milia, and where they are.
- Bring a list of the products you use, including any steroid creams or retinoids.
- Mention any burns, blisters or skin procedures in the area.
- Ask what aftercare you will need, and when you can go back to your usual routine.

## After treatment

- Follow the aftercare advice you are given.
- Keep the area clean and leave any scabs or flakes alone.
- Protect the treated skin from the sun while it heals.
- Hold off on exfoliants and retinoids on that area until you are told it is fine.

skintrack can put together a summary of your log to take along to the appointment.
"""

_PREVENTION = """
Not every case of milia can be prevented; some appear for no clear reason. Still, a few
steady habits lower the odds, especially if you have had them before.

## Choose products with care

- If you have had milia before, make mild, non-comedogenic products your default.
- Save rich ointments, heavy creams and oily formulas for skin that really needs them,
  and keep them off milia-prone areas.
- Read ingredient lists: some common ingredients are rated as more likely to clog skin.

## Exfoliate regularly, but gently

A mild chemical exfoliant helps old skin cells come away. Use it on a regular schedule,
for example once a week. Daily use tends to irritate.

## Take makeup off every night

Sleeping in makeup leaves a layer on your skin all night. Clean it off properly before
bed, however late it is.

## Protect your skin from the sun

- Apply a broad-spectrum sunscreen every morning.
- Limit long spells in strong sun, and use hats, sunglasses and covering clothes.

## Be kind to healing skin

After a burn, a blister or a skin procedure, the skin is more likely to form secondary
milia. Avoid picking, rubbing and harsh treatments while it heals, and keep it out of the
sun.

## Learn your own pattern

Milia often come back in the same places. Notes on where they appear, and on what you
were using at the time, can help you and your dermatologist see what matters for you.

skintrack's weekly review brings these habits together, so you can see what went well and
what slipped.
"""

_WHEN_TO_SEE = """
Milia are harmless, and many people never need a doctor for them. There are, though, some
situations in which it makes sense to have your skin looked at.

## See a dermatologist if

- **A bump hurts or itches.** Milia usually cause no symptoms at all, so pain or itching
  suggests something else may be going on.
- **You see signs of infection.** Redness, swelling or pus around a bump need attention,
  especially after it has been picked or squeezed.
- **They have lasted for months.** Milia that stay for several months, particularly if
  they affect how you feel about your skin, can be removed safely.
- **Many appear suddenly.** A burst of new bumps in a short time deserves a professional
  look.
- **They are in unusual places.** Milia are typically on the face. Bumps elsewhere are
  worth checking, as they may be something different.
- **You would like them removed.** A dermatologist can explain the options and remove
  them with sterile instruments.

## Getting the most from the visit

- Write down when the bumps first appeared and how they have changed.
- Take a few photos in good light.
- Bring a list of your products and medicines, including steroid creams and retinoids.

## In the meantime

Keep to gentle care, leave the bumps alone, and protect your skin from the sun.

If anything about a bump worries you, it is always reasonable to ask. Having something
harmless checked is never a waste of anyone's time.

skintrack flags these warning signs when you log them, but it cannot examine your skin;
only a professional can do that.
"""

_FAQ = """
These are the questions people ask most often when milia first turn up. The answers are
short on purpose; the other Learn pages go into more detail.

## The short version

- Milia are harmless little cysts of trapped keratin. They are a cosmetic nuisance, not
  a health problem.
- Leave them alone. Squeezing or picking risks infection, scars and dark marks, and it
  rarely works.
- Gentle, steady care helps most: a mild cleanser, a light chemical exfoliant about once a
  week, a retinoid at night if it suits you, and sunscreen every morning.
- Light, non-comedogenic products are kinder to milia-prone skin than rich creams and
  thick balms.
- Patience matters. Many milia clear on their own within weeks or months.
- A dermatologist can remove stubborn ones quickly and safely.

## Did not find your question?

Questions about your own skin are best taken to a dermatologist, who can look at it and
give advice that fits you. It helps to arrive with a list of your products and a note of
when the bumps first appeared; skintrack's summary can do that part for you.
"""

LEARN_PAGES = [
    {
        "slug": "what-are-milia",
        "title": "What are milia?",
        "summary": "Milia are small, hard bumps of trapped keratin under the skin, and they "
        "are harmless.",
        "order": 1,
        "body": _WHAT_ARE_MILIA.strip(),
    },
    {
        "slug": "causes-and-risk-factors",
        "title": "Causes and risk factors",
        "summary": "Heavy products, sun damage, genes, steroid creams and healing skin all "
        "make milia more likely.",
        "order": 2,
        "body": _CAUSES.strip(),
    },
    {
        "slug": "never-pop-milia",
        "title": "Why you should never pop milia",
        "summary": "Milia have no opening, so squeezing them risks infection, scars and dark "
        "marks without getting rid of them.",
        "order": 3,
        "body": _NEVER_POP.strip(),
    },
    {
        "slug": "daily-habits",
        "title": "Daily habits that help",
        "summary": "Gentle cleansing, weekly exfoliation, night-time retinoids, light products "
        "and daily sunscreen keep milia-prone skin on track.",
        "order": 4,
        "body": _DAILY_HABITS.strip(),
    },
    {
        "slug": "safe-home-care",
        "title": "Safe care at home",
        "summary": "Gentle steam, patience and basic care are safe at home; sharp tools and "
        "squeezing are not.",
        "order": 5,
        "body": _SAFE_HOME_CARE.strip(),
    },
    {
        "slug": "professional-treatments",
        "title": "Professional treatments",
        "summary": "A dermatologist can remove stubborn milia quickly and safely with one of "
        "several treatments.",
        "order": 6,
        "body": _PROFESSIONAL.strip(),
    },
    {
        "slug": "prevention",
        "title": "Preventing milia",
        "summary": "Light products, gentle exfoliation, clean skin at night and sun "
        "protection make new milia less likely.",
        "order": 7,
        "body": _PREVENTION.strip(),
    },
    {
        "slug": "when-to-see-a-dermatologist",
        "title": "When to see a dermatologist",
        "summary": "Pain, itching, signs of infection, sudden crops, unusual places or milia "
        "that last for months are reasons to get your skin checked.",
        "order": 8,
        "body": _WHEN_TO_SEE.strip(),
    },
    {
        "slug": "faq",
        "title": "Frequently asked questions",
        "summary": "Short answers to the questions people ask most about milia and skintrack.",
        "order": 9,
        "body": _FAQ.strip(),
    },
]

TREATMENTS = [
    {
        "name": "Manual extraction",
        "what_it_is": "The skin over the bump is nicked with a sterile blade or fine needle, "
        "and the keratin inside is eased out.",
        "performed_by": "A dermatologist or a licensed aesthetician",
        "risks": "A small chance of scarring, and of infection if it is not done with proper "
        "sterile technique.",
        "order": 1,
    },
    {
        "name": "Electrodesiccation",
        "what_it_is": "The area is numbed first; then a thin electrical needle applies heat "
        "that breaks the milium down.",
        "performed_by": "A dermatologist",
        "risks": "Redness for a short while and some light scabbing.",
        "order": 2,
    },
    {
        "name": "Cryotherapy",
        "what_it_is": "Very cold liquid nitrogen is applied to the bump; the frozen skin "
        "peels off by itself in the days after.",
        "performed_by": "A dermatologist",
        "risks": "A cold burn, and lighter or darker patches of skin.",
        "order": 3,
    },
    {
        "name": "Topical or oral medication",
        "what_it_is": "For milia spread over a large area: a stronger retinoid cream on "
        "prescription, or antibiotics.",
        "performed_by": "Prescribed by a dermatologist",
        "risks": "Irritation, dryness and skin that burns more easily in the sun.",
        "order": 4,
    },
    {
        "name": "Laser ablation",
        "what_it_is": "A focused beam of light vaporises each bump and leaves the skin "
        "around it alone.",
        "performed_by": "A dermatologist or another trained medical professional",
        "risks": "Some redness and puffiness afterwards; only rarely, a change in skin colour.",
        "order": 5,
    },
]

FAQ = [
    {
        "question": "What are milia?",
        "answer": "Tiny, pearl-like bumps, each a small pocket of keratin that failed to "
        "shed. Oil and germs play no part in them, and people of any age can get them.",
        "order": 1,
    },
    {
        "question": "Can I pop or squeeze them?",
        "answer": "Please don't. Milia have no opening, so squeezing rarely works, and "
        "fingers, pins or needles can cause infection, scars or dark marks. If you want them "
        "gone, a dermatologist can remove them safely.",
        "order": 2,
    },
    {
        "question": "Does exfoliating help?",
        "answer": "Yes, if it is the gentle, chemical kind. A glycolic or lactic acid product "
        "used about once a week helps old cells come away, which makes new milia less "
        "likely. Scrubs with grains or beads are a different story: the rubbing irritates "
        "the skin and can leave milia worse than before.",
        "order": 3,
    },
    {
        "question": "Which products are best for milia-prone skin?",
        "answer": "Think light: a mild cleanser, plus a moisturiser and a sunscreen labelled "
        "non-comedogenic. Rich creams and oils are best kept off the areas where milia "
        "form. A retinoid can be a good addition; a dermatologist can tell you whether it "
        "suits your skin.",
        "order": 4,
    },
    {
        "question": "Will they go away on their own?",
        "answer": "Many do, though it takes patience: think weeks or a few months rather "
        "than days. Adults' milia are more likely to stick around. If yours do, steady "
        "gentle care helps, and a dermatologist can take out the ones that stay.",
        "order": 5,
    },
    {
        "question": "Are milia contagious or harmful?",
        "answer": "No. They are not an infection, so they cannot spread to other people, and "
        "they are harmless. They usually don't hurt or itch; if yours do, or look infected, "
        "see a dermatologist.",
        "order": 6,
    },
    {
        "question": "Do retinoids help?",
        "answer": "They can. Retinoids speed up skin renewal, which helps release trapped "
        "keratin. Adapalene gel is available without a prescription. Use retinoids at night "
        "only, and wear sunscreen the next morning, because they make skin more sensitive "
        "to the sun.",
        "order": 7,
    },
    {
        "question": "What can skintrack do, and what can't it?",
        "answer": "skintrack keeps a record of your products, routines and milia, reminds "
        "you about things like sunscreen, and points out patterns and warning signs. It "
        "cannot diagnose, treat or remove milia, and its ingredient ratings are only a "
        "rough guide. For your own skin, ask a dermatologist.",
        "order": 8,
    },
]

# The day the seeded pages were last checked against the sources below. A page whose body
# staff have since changed gets no date from the seed: its editor sets one in the admin.
REVIEWED_ON = dt.date(2026, 11, 30)

# Further reading: pages by dermatologists and health services that cover the same ground.
# Only titles and addresses are kept; "pages" are the slugs of the Learn pages that list each.
REFERENCES = [
    {
        "publisher": "DermNet",
        "title": "Milium, milia",
        "url": "https://dermnetnz.org/topics/milium",
        "pages": ["what-are-milia", "never-pop-milia", "safe-home-care", "faq"],
    },
    {
        "publisher": "Cleveland Clinic",
        "title": "Milia",
        "url": "https://my.clevelandclinic.org/health/diseases/17868-milia",
        "pages": [
            "what-are-milia",
            "causes-and-risk-factors",
            "never-pop-milia",
            "safe-home-care",
            "when-to-see-a-dermatologist",
            "faq",
        ],
    },
    {
        "publisher": "StatPearls (NCBI Bookshelf)",
        "title": "Milia",
        "url": "https://www.ncbi.nlm.nih.gov/books/NBK560481/",
        "pages": [
            "what-are-milia",
            "causes-and-risk-factors",
            "professional-treatments",
            "when-to-see-a-dermatologist",
        ],
    },
    {
        "publisher": "British Association of Dermatologists",
        "title": "Topical steroids (patient information leaflet)",
        "url": "https://www.bad.org.uk/pils/topical-steroids/",
        "pages": ["causes-and-risk-factors", "when-to-see-a-dermatologist"],
    },
    {
        "publisher": "NHS",
        "title": "Topical corticosteroids",
        "url": "https://www.nhs.uk/conditions/topical-steroids/",
        "pages": ["causes-and-risk-factors"],
    },
    {
        "publisher": "NHS",
        "title": "Sunscreen and sun safety",
        "url": "https://www.nhs.uk/live-well/seasonal-health/sunscreen-and-sun-safety/",
        "pages": ["daily-habits", "prevention"],
    },
    {
        "publisher": "American Academy of Dermatology",
        "title": "How to select a sunscreen",
        "url": "https://www.aad.org/public/everyday-care/sun-protection/"
        "shade-clothing-sunscreen/how-to-select-sunscreen",
        "pages": ["daily-habits", "prevention"],
    },
    {
        "publisher": "American Academy of Dermatology",
        "title": "Retinoid or retinol?",
        "url": "https://www.aad.org/public/everyday-care/skin-care-secrets/anti-aging/"
        "retinoid-retinol",
        "pages": ["daily-habits", "prevention"],
    },
    {
        "publisher": "DermNet",
        "title": "Topical retinoids",
        "url": "https://dermnetnz.org/topics/topical-retinoids",
        "pages": ["daily-habits", "professional-treatments"],
    },
]
