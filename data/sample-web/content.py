"""The texts, people and links of the demo web: data only, rendered by generate.py."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Comment:
    """One comment; `site` is the slug of the commenter's own blog in this web, if any."""

    author: str
    age: int  # days before the serving day
    text: str
    site: str | None = None
    replies: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Post:
    """A dated post; `state` is the comment situation shown under it."""

    slug: str
    title: str
    age: int
    category: str
    body: tuple[str, ...]  # paragraphs (inline HTML allowed, tokens allowed)
    state: str = "open"  # open | closed_notice | closed_silent | login | embed | none
    comments: tuple[Comment, ...] = ()
    excerpt: str = ""


@dataclass(frozen=True)
class GuestPage:
    """A "write for us" page, open or closed to guest posts."""

    slug: str
    title: str
    accepts: bool
    email: str | None  # as the reader would copy it (de-obfuscated)
    body: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """One blog of the demo web."""

    slug: str
    name: str
    tagline: str
    niche: str  # sourdough | birdwatching | trail running | off-niche
    platform: str  # wordpress | blogger | ghost | hugo | jekyll | other
    theme: str  # selects the markup family in generate.py
    status: str  # active | abandoned | parked
    author: str
    lang: str = "en"
    feed: str = "rss"  # rss | atom
    accepts_guest_posts: bool | None = None
    website_field: bool = True
    captcha: str = "none"  # none | recaptcha | hcaptcha
    comment_rel: str = "external nofollow ugc"
    blogroll: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()
    about: tuple[str, ...] = ()
    contact_email: str | None = None  # a contact page is written when set
    guest: GuestPage | None = None
    private: Post | None = None  # a page under /private/ (robots.txt disallows it)
    private_link_from: str = "about"  # home | about: where the private page is linked
    disallow: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


C = Comment

# --------------------------------------------------------------------------------------------
# sourdough
# --------------------------------------------------------------------------------------------

CRUMB_AND_CRUST = Site(
    slug="crumb-and-crust",
    name="Crumb &amp; Crust",
    tagline="Sourdough notes from a small kitchen in Leeds",
    niche="sourdough",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="Hannah Whitlock",
    accepts_guest_posts=True,
    blogroll=("wild-yeast-kitchen", "levain-lab", "proof-and-bake", "rye-and-shine", "hedgerow-birding"),
    contact_email="hello@crumbandcrust.com",
    disallow=("/private/",),
    about=(
        (
            "I'm Hannah. I started baking sourdough in a rented flat with an oven that ran forty "
            "degrees hot and a starter I named after my grandmother. Eight years later the oven is "
            "better, the starter is the same, and I still write down every bake."
        ),
        (
            "Crumb &amp; Crust is where those notes end up: starter care, hydration, shaping, "
            "scoring and the schedules that let a working person bake good bread on weekdays. I "
            "test everything at least three times before I write it up, and I say so when "
            "something only worked once."
        ),
        (
            "I keep a private bake log for the members of my Saturday baking club; it lives "
            '<a href="/private/bake-log/">here</a> and is not meant for search engines.'
        ),
    ),
    guest=GuestPage(
        slug="write-for-us",
        title="Write for Us",
        accepts=True,
        email="editor@crumbandcrust.com",
        body=(
            (
                "Crumb &amp; Crust accepts a small number of guest posts from home bakers each "
                "month. We are looking for practical, tested writing about sourdough: starter "
                "maintenance, whole-grain and rye breads, fermentation schedules, regional breads "
                "and the tools that genuinely help."
            ),
            (
                "<strong>Guidelines.</strong> Posts should be 900 to 1,800 words, original and not "
                "published anywhere else. Include at least two photos you took yourself. You may "
                "include one link to your own blog in the author bio. We do not accept sponsored "
                "posts, casino, loan or CBD links, or AI-generated articles."
            ),
            (
                "<strong>How to pitch.</strong> Send a short pitch (a working title and three "
                'bullet points) to <a href="mailto:editor@crumbandcrust.com">'
                "editor@crumbandcrust.com</a>. We reply within two weeks."
            ),
        ),
    ),
    private=Post(
        slug="bake-log",
        title="Saturday Club Bake Log (members only)",
        age=2,
        category="Private",
        body=(
            (
                "Members only: this is the running log of our Saturday club bakes, with the flour "
                "lots, water temperatures and bulk times we recorded. Please do not share the link."
            ),
            (
                "Week 46: 78% hydration, 20% whole wheat, bulk 5h10 at 24&deg;C, shaped tight, "
                "retarded 14 hours. Good oven spring, slightly tight crumb near the base."
            ),
            ("Week 47: same formula with 10% rye. Bulk ran 40 minutes faster. Next time drop the levain to 15%."),
        ),
        state="open",
    ),
    posts=(
        Post(
            slug="2-day-rye-starter",
            title="A Two-Day Rye Starter Refresh That Actually Works",
            age=4,
            category="Starters",
            excerpt="A sluggish starter can be rescued in two days with rye flour, warmth and "
            "smaller, more frequent feeds.",
            body=(
                (
                    "Every winter my starter sulks. The kitchen drops to seventeen degrees, the jar "
                    "takes nine hours to double, and the bread starts tasting of vinegar and "
                    "regret. For years I answered that by feeding more flour, which only diluted "
                    "the problem. What fixed it was two days of rye."
                ),
                (
                    "Rye flour carries more wild yeast and more of the enzymes that turn starch "
                    "into sugar than white flour does, so a starter fed on it wakes up fast. On day "
                    "one I take 10 g of the old starter and feed it 50 g of whole rye and 50 g of "
                    "water at 28&deg;C. I keep the jar somewhere warm, usually the oven with only "
                    "the light on, and feed again at the same ratio after eight hours."
                ),
                (
                    "On day two the starter should be rising within four to five hours and smell "
                    "of yoghurt and apples rather than nail polish. I switch back to a mix of half "
                    "rye and half bread flour, still at 1:5:5, and by the evening it has usually "
                    "tripled. That is the moment to bake, or to go back to your normal routine."
                ),
                (
                    "Two things matter more than the exact numbers. First, discard generously: you "
                    "are trying to change the population in the jar, and a big carry-over of old, "
                    "acidic starter works against you. Second, keep it warm. A rye starter at "
                    "18&deg;C is barely faster than a white one."
                ),
                (
                    "If you have tried this and it still will not rise, the water is worth "
                    "checking. Heavily chlorinated tap water can slow a weak culture; leave it "
                    "standing overnight or use filtered water for the two days."
                ),
            ),
            comments=(
                C(
                    "Maya Okafor",
                    3,
                    "This is almost exactly what I ended up doing last "
                    "January, except I used spelt because I had run out of rye. Spelt was slower. "
                    "Rye really is the reset button.",
                    site="wild-yeast-kitchen",
                    replies=(
                        C(
                            "Hannah Whitlock",
                            3,
                            "Spelt is lovely for flavour but yes, slower. Good to know it still worked!",
                            site="crumb-and-crust",
                        ),
                    ),
                ),
                C(
                    "Tom Becker",
                    2,
                    "Tried it over the weekend. Day one was underwhelming, "
                    "day two the jar nearly overflowed. Baked on Monday and the loaf was the "
                    "best I've made since October.",
                    site="banneton-diaries",
                ),
                C("Greg", 1, "How warm is too warm? My airing cupboard sits around 32 degrees."),
            ),
        ),
        Post(
            slug="hydration-explained",
            title="Hydration, Explained Without the Maths Panic",
            age=19,
            category="Technique",
            excerpt="Baker's percentages are simpler than they look, and the right hydration "
            "depends on your flour, not on Instagram.",
            body=(
                (
                    "When someone says a loaf is at 75% hydration, they mean the water weighs 75% "
                    "of the flour. That is the whole idea. 500 g of flour and 375 g of water is "
                    "75%. The confusion starts when the starter, the salt and the extra splash of "
                    "water you add with the salt all get involved."
                ),
                (
                    "I count the flour and water inside the levain. If I use 100 g of a starter "
                    "kept at equal weights of flour and water, that is 50 g of each, so a recipe of "
                    "450 g flour and 325 g water plus that levain is really 500 g flour and 375 g "
                    "water: 75%. Some bakers leave the levain out of the sum. Neither is wrong, but "
                    "you need to know which one a recipe uses before you copy it."
                ),
                (
                    "The more useful question is what hydration your flour can take. A strong "
                    "Canadian bread flour will happily absorb 78% and still hold its shape. A "
                    "British plain flour, or anything with a lot of fresh-milled whole wheat, may "
                    "turn to soup at the same number. Priya at Levain Lab has a good piece on "
                    '<a href="{{site:levain-lab}}/autolyse-myths/">how an autolyse changes '
                    "what the dough feels like</a>, which is worth reading alongside this."
                ),
                (
                    "My advice is boring: start at 68 to 70%, bake the same loaf three times, then "
                    "add 2% at a time. Stop when shaping becomes a fight. The best hydration is the "
                    "highest one you can still shape confidently, and that number will go up "
                    "with practice."
                ),
            ),
            comments=(
                C(
                    "Claire Dubois",
                    17,
                    "Merci Hannah ! I always forget to count the levain "
                    "and then wonder why my dough is wetter than the recipe promised.",
                    site="levain-du-dimanche",
                ),
                C(
                    "Jess Moreno",
                    15,
                    "Runner here who bakes on rest days. The 'three times, "
                    "then add 2%' rule is exactly how I build mileage too, funnily enough.",
                    site="switchback-diaries",
                ),
                C("Ruth", 14, "Does whole wheat count the same? Mine always feels drier."),
            ),
        ),
        Post(
            slug="scoring-for-an-ear",
            title="Scoring for an Ear: Angle, Depth and Nerve",
            age=41,
            category="Shaping &amp; Scoring",
            excerpt="A proud ear comes from a shallow angle, a confident stroke and good "
            "surface tension, in that order.",
            body=(
                (
                    "The ear is the ridge of crust that lifts along a single score, and it is the "
                    "thing people photograph. It is also a decent indicator that shaping, proofing "
                    "and oven steam all went right, which is why it is worth chasing a little."
                ),
                (
                    "Hold the lame at about thirty degrees to the surface, not straight down. You "
                    "want to cut a flap, not a trench. The blade should go about a centimetre deep "
                    "and travel the length of the loaf in one stroke, slightly off the centre "
                    "line. Hesitation drags the dough and leaves a ragged edge that will not lift."
                ),
                (
                    "Surface tension matters more than technique. A loose, under-shaped batard "
                    "spreads when you cut it, however good the angle. Spend an extra minute on the "
                    "final shape and let the loaf rest seam-side up in the banneton so the skin on "
                    "top tightens."
                ),
                (
                    "Cold dough scores more cleanly. I bake straight from the fridge after an "
                    "overnight retard, and I score the moment the loaf comes out of the basket. If "
                    "it sits on the counter and warms up, the blade catches."
                ),
                (
                    "Finally, steam. The ear forms in the first ten minutes while the crust is "
                    "still soft. Keep the lid on the Dutch oven for twenty minutes, then remove it "
                    "to colour the crust."
                ),
            ),
            comments=(
                C(
                    "Tom Becker",
                    38,
                    "The 'cut a flap, not a trench' line finally made it click for me. Thanks!",
                    site="banneton-diaries",
                ),
                C(
                    "Maya Okafor",
                    36,
                    "Cold dough scoring is the best tip here. I used to "
                    "let it come up to room temperature and wondered why the razor dragged.",
                    site="wild-yeast-kitchen",
                ),
            ),
        ),
        Post(
            slug="cold-retard-schedules",
            title="Cold Retard Schedules for People With Day Jobs",
            age=133,
            category="Schedules",
            state="closed_notice",
            excerpt="Three weekday schedules that fit sourdough around a nine-to-five.",
            body=(
                (
                    "Most sourdough recipes assume you are home all day. I am not, and for a long "
                    "time that meant I only baked on Sundays. The fridge changed that. Cold "
                    "slows fermentation enough that you can park the dough at two points in the "
                    "process and pick it up when life allows."
                ),
                (
                    "Schedule one, the evening mix: feed the starter before work, mix at 7 pm, do "
                    "three sets of folds before 9 pm, shape at 11 pm and retard overnight. Bake "
                    "before work the next morning. The bulk is short, so keep the dough warm, around "
                    "25&deg;C."
                ),
                (
                    "Schedule two, the cold bulk: mix at night, give it an hour at room temperature "
                    "and then refrigerate the whole bulk until the next evening. Shape, proof for "
                    "two hours and bake. The flavour is noticeably more sour, which some people "
                    "love."
                ),
                (
                    "Schedule three, the weekend stretch: mix on Saturday afternoon, shape in the "
                    "evening and keep the loaves in the fridge for up to 48 hours, baking one on "
                    "Monday and one on Tuesday."
                ),
                (
                    "None of these is perfect, but all of them are better than not baking. Keep "
                    "notes on fridge temperature; a fridge at 3&deg;C and one at 7&deg;C behave "
                    "like two different recipes."
                ),
            ),
            comments=(
                C(
                    "Maya Okafor",
                    130,
                    "Schedule two is my default now. The extra sourness makes the best toast.",
                    site="wild-yeast-kitchen",
                ),
                C(
                    "Dev",
                    129,
                    "My fridge is 6 degrees and schedule one overproofs every time. Going to try shaping earlier.",
                ),
            ),
        ),
    ),
)

WILD_YEAST_KITCHEN = Site(
    slug="wild-yeast-kitchen",
    name="Wild Yeast Kitchen",
    tagline="Naturally leavened bread for busy households",
    niche="sourdough",
    platform="wordpress",
    theme="twentytwenty",
    status="active",
    author="Maya Okafor",
    blogroll=("crumb-and-crust", "levain-lab", "old-mill-sourdough", "levain-du-dimanche"),
    contact_email="maya@wildyeastkitchen.net",
    about=(
        (
            "Wild Yeast Kitchen is written by Maya Okafor, a school librarian, mother of three and "
            "reluctant early riser. I bake two or three loaves a week for a family that eats a "
            "lot of toast."
        ),
        (
            "Everything here is naturally leavened, most of it uses some whole grain, and all of "
            "it has been tested on a normal domestic oven. I write about sandwich loaves, starter "
            "troubleshooting and the small changes that make sourdough fit a crowded week."
        ),
    ),
    posts=(
        Post(
            slug="feeding-ratios",
            title="1:5:5 Feeding and Why My Starter Finally Calmed Down",
            age=8,
            category="Starter",
            excerpt="Feeding a small amount of starter a lot of fresh flour slowed it down and made it predictable.",
            body=(
                (
                    "For two years I fed my starter at 1:1:1, equal weights of starter, flour and "
                    "water, because that is what the first book I read told me to do. In summer "
                    "it peaked in three hours and collapsed before I got home. In winter it was "
                    "fine. I blamed the weather."
                ),
                (
                    "The fix was to change the ratio instead of the schedule. At 1:5:5, ten grams "
                    "of starter gets fifty grams of flour and fifty of water. There is far more "
                    "food for the same number of yeast and bacteria, so it takes longer to reach "
                    "its peak, roughly eight to ten hours at kitchen temperature."
                ),
                (
                    "That longer window is the whole point. I feed at 10 pm and it is ready to use "
                    "between 7 and 9 the next morning, which is when I actually mix dough. On hot "
                    "days I go to 1:10:10 and on cold ones back to 1:3:3."
                ),
                (
                    "A side effect I did not expect: the bread became milder. A starter that sits "
                    "over-ripe for hours builds acetic acid, and that sharp vinegar edge was "
                    "carrying into the loaves. Caught at its peak, the culture is sweeter and "
                    "rises more strongly."
                ),
                (
                    "If you keep a small starter to reduce waste, 1:5:5 also helps there. I keep "
                    "about 30 g in the jar and discard almost nothing."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    7,
                    "Same experience here. Once I stopped feeding 1:1:1 the vinegar taste disappeared.",
                    site="crumb-and-crust",
                ),
                C(
                    "Tom Becker",
                    6,
                    "What flour do you feed with? I'm using all white and wondering if that's why mine is slow.",
                    site="banneton-diaries",
                    replies=(
                        C(
                            "Maya Okafor",
                            6,
                            "Mostly white with a spoon of rye. The rye makes a big difference.",
                            site="wild-yeast-kitchen",
                        ),
                    ),
                ),
            ),
        ),
        Post(
            slug="whole-wheat-sandwich-loaf",
            title="A Soft Whole Wheat Sandwich Loaf (Naturally Leavened)",
            age=27,
            category="Recipes",
            excerpt="A tin loaf with half whole wheat, a little butter and honey, soft enough for lunchboxes.",
            body=(
                (
                    "My children will eat crusty sourdough, but what they really want in a "
                    "lunchbox is a soft, square slice. This loaf is my compromise: half whole "
                    "wheat, naturally leavened, baked in a tin, with enough butter and honey to "
                    "keep the crumb tender for four days."
                ),
                (
                    "For one 900 g tin: 250 g bread flour, 250 g whole wheat, 330 g milk, 100 g "
                    "ripe starter, 25 g honey, 30 g soft butter and 9 g salt. Mix everything but "
                    "the butter, rest for twenty minutes, then work the butter in until the dough "
                    "is smooth. It will feel tacky, which is fine."
                ),
                (
                    "Bulk ferment at about 25&deg;C for four to five hours, folding twice in the "
                    "first hour. The dough should grow by half and feel airy. Roll it into a tight "
                    "log, place it in a buttered tin and let it rise until it crowns a centimetre "
                    "above the rim, usually another three hours."
                ),
                (
                    "Bake at 190&deg;C for 40 minutes. Brush the top with butter as soon as it "
                    "comes out and let it cool completely before slicing, or the crumb will be "
                    "gummy. Milk and butter slow fermentation, so do not panic if it takes longer "
                    "than your usual hearth loaf."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    25,
                    "Made this for my nephew, who declared it 'the good bread'. High praise.",
                    site="crumb-and-crust",
                ),
                C("Lena", 24, "Can I swap the milk for oat milk? We're dairy-free."),
            ),
        ),
        Post(
            slug="starter-smells-like-nail-polish",
            title="Why Does My Starter Smell Like Nail Polish?",
            age=1480,
            category="Starter",
            excerpt="That acetone smell means a hungry starter, not a dead one.",
            body=(
                (
                    "The first question in my inbox, every week, is about smell. A starter that "
                    "smells like nail polish remover is not dead and not contaminated. It is "
                    "hungry. When the yeast and bacteria run out of food they produce compounds "
                    "that smell sharp and solvent-like, and the liquid that collects on top, often "
                    "called hooch, carries the same smell."
                ),
                (
                    "The fix is to feed it more, or more often. Pour off the liquid, discard most "
                    "of the starter and feed the remainder with fresh flour and water at a higher "
                    "ratio than usual. Within one or two feeds the smell should shift back to "
                    "something fruity and yoghurty."
                ),
                (
                    "If you keep your starter in the fridge between bakes, the smell is normal "
                    "after a week or two. Give it two feeds at room temperature before you bake "
                    "with it."
                ),
                (
                    "Pink or orange streaks, fuzzy mould or a smell of rot are different. Those "
                    "mean something other than yeast and lactic acid bacteria has taken hold, and "
                    "it is safer to start again."
                ),
                (
                    "It helps to smell your starter at different stages on a good day, right after "
                    "feeding, at its peak and when it is past it, so that you know what normal is "
                    "for your own jar."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    1475,
                    "The hooch question! I get it constantly too. Bookmarking this to send to people.",
                    site="crumb-and-crust",
                ),
                C(
                    "Pieter",
                    1402,
                    "Mine smelled like that for a week and I nearly threw it out. Two feeds later it was fine.",
                ),
                C(
                    "Best Casino Bonus 2026",
                    30,
                    "Great post, very informative! Check out the "
                    "best no-deposit casino bonuses and fast loans on my site.",
                    site="quick-cash-casino",
                ),
            ),
        ),
        Post(
            slug="pan-de-cristal-attempt",
            title="My Pan de Cristal Attempt (Mostly a Failure)",
            age=210,
            category="Experiments",
            state="closed_notice",
            excerpt="100% hydration, a very wet dough and a lesson in humility.",
            body=(
                (
                    "Pan de cristal is a Catalan bread with hydration at or above 100%, a glassy "
                    "thin crust and a crumb that is more hole than bread. I wanted to see whether "
                    "a naturally leavened version could work in my oven. It sort of did."
                ),
                (
                    "I used a strong flour with 14% protein, 100 g of levain and water added in "
                    "four stages over an hour of slap-and-fold. By the end the dough held together "
                    "like a sheet of wet silk, which felt like a small miracle."
                ),
                (
                    "The trouble was transfer. A dough that wet cannot be shaped; you tip it onto "
                    "a floured couche and stretch it gently into a rectangle. Mine stuck in two "
                    "places and tore as I moved it to the peel. The result tasted wonderful and "
                    "looked like a map of an archipelago."
                ),
                (
                    "Next time I will proof on parchment and slide the whole sheet into the oven. "
                    "I will also try a shorter bulk. The dough was close to overproofed, which did "
                    "not help its strength."
                ),
                "If you want to try it, start at 90% and work up. And clear your afternoon.",
            ),
            comments=(C("Priya Raman", 205, "An archipelago loaf is still a loaf. Parchment is the way, I promise."),),
        ),
    ),
)

LEVAIN_LAB = Site(
    slug="levain-lab",
    name="Levain Lab",
    tagline="Measured experiments in sourdough fermentation",
    niche="sourdough",
    platform="wordpress",
    theme="twentytwentythree",
    status="active",
    author="Priya Raman",
    blogroll=("crumb-and-crust", "wild-yeast-kitchen", "proof-and-bake"),
    about=(
        (
            "Levain Lab is run by Priya Raman, a food scientist who bakes too much. Each post is "
            "an experiment: one variable changed, everything else held still, results written up "
            "with photos of the crumb and honest notes about what went wrong."
        ),
        (
            "Comments close automatically sixty days after a post goes up. If you have a question "
            "about an older experiment, the newest post is usually the best place to ask."
        ),
    ),
    posts=(
        Post(
            slug="autolyse-myths",
            title="Autolyse: What It Does and What It Doesn't",
            age=12,
            category="Experiments",
            excerpt="Six loaves, three autolyse lengths, and less difference than the internet promised.",
            body=(
                (
                    "An autolyse is a rest of flour and water before the levain and salt go in. "
                    "It was popularised for yeasted baguettes, and in sourdough it has become "
                    "almost ritual. I wanted to know how much it matters, so I baked six loaves "
                    "with the same flour and levain: two with no autolyse, two with thirty minutes "
                    "and two with two hours."
                ),
                (
                    "The dough that rested was smoother and more extensible at the first fold. "
                    "That part is real. Enzymes start breaking down starch and protein, and the "
                    "gluten begins to form on its own, so you need less mixing to get a cohesive "
                    "dough."
                ),
                (
                    "The bread, though, was hard to tell apart. Volume differed by less than 4% "
                    "across all six loaves, which is within the noise between two bakes on the "
                    "same day. Tasters could not pick the autolysed loaves blind. The two-hour "
                    "version had a very slightly darker crust, probably from the extra sugars."
                ),
                (
                    "My conclusion: an autolyse is a handling tool, not a flavour tool. It is "
                    "useful for whole-grain doughs that need time to absorb water, and for anyone "
                    "who mixes by hand and wants an easier first fold. If it does not fit your "
                    "day, skip it and mix a little longer."
                ),
                (
                    "Next month I will try the same test with 50% fresh-milled whole wheat, where "
                    "I suspect the result will be different."
                ),
            ),
            comments=(
                C(
                    "Derek Lam",
                    10,
                    "Interesting. I run my proofing box off a smart plug and "
                    "a temperature probe; happy to share the setup if anyone wants repeatable "
                    "temps for tests like this.",
                    site="home-tech-grove",
                ),
                C(
                    "Maya Okafor",
                    9,
                    "Looking forward to the whole wheat version. My "
                    "fresh-milled doughs definitely feel different after a rest.",
                    site="wild-yeast-kitchen",
                ),
            ),
        ),
        Post(
            slug="bulk-fermentation-by-volume",
            title="Reading Bulk Fermentation by Volume, Not the Clock",
            age=75,
            category="Technique",
            state="closed_silent",
            excerpt="An aliquot jar tells you more about bulk fermentation than any recipe timing.",
            body=(
                (
                    "Recipes give bulk fermentation times, but the clock is a poor guide because "
                    "the real variables are dough temperature and the strength of your levain. A "
                    "four-hour bulk at 26&deg;C and a four-hour bulk at 21&deg;C are different "
                    "processes."
                ),
                (
                    "What I use instead is an aliquot: a small piece of dough, pinched off right "
                    "after mixing, dropped into a straight-sided jar with a rubber band marking the "
                    "starting level. The jar rises at the same rate as the main dough, and it is "
                    "far easier to read than a big bowl."
                ),
                (
                    "For a typical loaf with 20% levain and 10% whole grain, I end bulk when the "
                    "aliquot has risen by 50 to 60%. With more whole grain I stop earlier, around "
                    "40%, because the dough is weaker and overproofs quickly. With a cold retard "
                    "afterwards I stop earlier again, since fermentation continues while the dough "
                    "cools."
                ),
                (
                    "Volume is not the only sign. Look for a domed surface, bubbles at the edge of "
                    "the container and a dough that jiggles when you shake the bowl. But if you "
                    "only check one thing, check the jar."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    70,
                    "The aliquot jar is the single best tip I give to beginners. Great write-up.",
                    site="crumb-and-crust",
                ),
                C("Sam", 68, "Do you use the same percentage in summer? My kitchen is 28 degrees in July."),
                C(
                    "Maya Okafor",
                    66,
                    "I stop at 50% with a cold retard and it's been spot on.",
                    site="wild-yeast-kitchen",
                ),
            ),
        ),
        Post(
            slug="dough-temperature-formula",
            title="The Desired Dough Temperature Formula, Step by Step",
            age=150,
            category="Technique",
            state="closed_silent",
            excerpt="Pick your water temperature with arithmetic instead of guesswork.",
            body=(
                (
                    "Dough temperature drives fermentation speed more than anything else you "
                    "control, and water temperature is the easiest lever. The desired dough "
                    "temperature formula tells you how warm the water should be."
                ),
                (
                    "Pick a target, say 25&deg;C, and multiply it by the number of temperatures "
                    "that go into the dough: room, flour, levain and water. That is four, so the "
                    "total is 100."
                ),
                (
                    "Now subtract what you already know. In my kitchen in winter the room is "
                    "20&deg;C, the flour 19&deg;C and the levain 23&deg;C, and mixing by hand adds "
                    "about one degree of friction. 100 minus 63 leaves 37, so the water should be "
                    "about 37&deg;C. In July the same sum often asks for water from the fridge."
                ),
                (
                    "A stand mixer adds far more friction, ten degrees or more. Measure it once: "
                    "note the temperatures, mix, and check the dough with a probe. The difference "
                    "is your friction factor for that mixer and that speed."
                ),
                (
                    "It sounds fussy, but after a week you will do it in your head, and your bulk "
                    "times will stop wandering by two hours from one bake to the next."
                ),
            ),
            comments=(
                C("Tom Becker", 146, "I printed this and stuck it inside a cupboard door.", site="banneton-diaries"),
                C("Ines", 140, "Finally someone explains the friction factor properly."),
            ),
        ),
    ),
)

PROOF_AND_BAKE = Site(
    slug="proof-and-bake",
    name="Proof &amp; Bake",
    tagline="Gear, tests and techniques for the home sourdough baker",
    niche="sourdough",
    platform="wordpress",
    theme="astra",
    status="active",
    author="Dan Kowalski",
    blogroll=("crumb-and-crust", "levain-lab", "rye-and-shine"),
    contact_email="dan@proofandbake.co",
    about=(
        (
            "Dan Kowalski tests bread tools so you do not have to buy all of them. Proof &amp; "
            "Bake covers bannetons, lames, Dutch ovens, baking steels and the techniques that "
            "make the most of them, all tested with naturally leavened dough in a standard "
            "electric oven."
        ),
        "No affiliate links, no free samples accepted.",
    ),
    posts=(
        Post(
            slug="banneton-care",
            title="How I Clean and Store My Bannetons",
            age=6,
            category="Gear",
            excerpt="Rice flour, a stiff brush and a dry cupboard keep a cane basket going for years.",
            body=(
                (
                    "A cane banneton costs little and lasts a decade if you look after it, and "
                    "goes mouldy in a month if you do not. I have seven of them, and these are "
                    "the habits that keep them clean."
                ),
                (
                    "Dust with rice flour, not wheat flour. Rice flour has no gluten and absorbs "
                    "less moisture, so it does not glue itself into the grooves. A mix of half "
                    "rice flour and half wheat works too if you like the look of white rings on "
                    "the crust."
                ),
                (
                    "After each bake, knock the basket against the sink to shake out loose flour "
                    "and let it air-dry upside down for a few hours before putting it away. Never "
                    "stack a damp basket. If dough has stuck, let it dry completely and brush it "
                    "out with a stiff, dry brush; water just turns it into paste."
                ),
                (
                    "Every few months I put the baskets in a low oven, around 80&deg;C, for "
                    "twenty minutes to dry them thoroughly. If you see white fuzz, brush it off "
                    "outdoors, then bake the basket as above. Black or green mould means it is "
                    "time for a new one."
                ),
                (
                    "Linen liners make cleaning easier but give a less dramatic pattern. I use "
                    "them for high-hydration doughs and go bare cane for everything else."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    5,
                    "The low oven trick saved two of my baskets last winter.",
                    site="crumb-and-crust",
                ),
                C(
                    "Claire Dubois",
                    4,
                    "I use only rice flour now. Game changer for sticky doughs.",
                    site="levain-du-dimanche",
                ),
            ),
        ),
        Post(
            slug="steam-in-a-home-oven",
            title="Steam in a Home Oven: Five Methods Tested",
            age=33,
            category="Techniques",
            excerpt="Dutch oven, lava rocks, ice cubes, a roasting tin cover and a spray "
            "bottle, compared on the same dough.",
            body=(
                (
                    "Sourdough needs steam for the first part of the bake so that the crust stays "
                    "soft while the loaf expands. Professional deck ovens inject it. Home ovens "
                    "vent it away. I baked the same dough five ways to see which workaround wins."
                ),
                (
                    "The Dutch oven was the clear winner for round loaves: the dough traps its own "
                    "moisture under the lid, and the result had the best oven spring and the "
                    "glossiest crust. The drawback is that you are limited to one loaf and one "
                    "shape."
                ),
                (
                    "Lava rocks in a preheated tray, with a cup of boiling water poured over them, "
                    "came second. Lots of steam, good ears, but a gas oven vents so fast that the "
                    "benefit faded after five minutes."
                ),
                (
                    "An upturned roasting tin over a loaf on a baking steel behaved almost like a "
                    "Dutch oven and allows longer shapes. Ice cubes in a tray gave disappointing "
                    "results, and the spray bottle was close to useless."
                ),
                (
                    "If you bake batards or baguettes, try the roasting tin cover. Otherwise, the "
                    "Dutch oven is still the easiest way to a great crust."
                ),
            ),
            comments=(
                C(
                    "Tom Becker",
                    31,
                    "The roasting tin idea is genius. My batards finally have ears.",
                    site="banneton-diaries",
                ),
            ),
        ),
        Post(
            slug="seeded-sourdough",
            title="Seeded Sourdough With a Toasted Soaker",
            age=58,
            category="Recipes",
            excerpt="Toast the seeds, soak them overnight and add them after the first fold.",
            body=(
                (
                    "Seeds make a loaf more interesting and more filling, but added dry they pull "
                    "water out of the dough and make the crumb tight. A soaker solves it: seeds "
                    "soaked overnight in an equal weight of water, drained of nothing, and added "
                    "once the gluten has started to form."
                ),
                (
                    "My mix is 40 g sunflower, 30 g pumpkin, 20 g flax and 20 g sesame, toasted in "
                    "a dry pan until fragrant, then covered with 110 g of boiling water. By the "
                    "morning the flax has turned the lot into a sticky mass, which is exactly what "
                    "you want."
                ),
                (
                    "For the dough: 450 g bread flour, 50 g whole rye, 340 g water, 100 g levain "
                    "and 10 g salt. After the first set of folds, spread the soaker over the dough "
                    "and fold it in. It feels like it will never incorporate, and then it does."
                ),
                (
                    "Bulk is a little faster because of the extra moisture. Shape, roll the top "
                    "in more seeds, and retard overnight. Bake at 240&deg;C with steam for twenty "
                    "minutes and 220&deg;C for another twenty-five."
                ),
            ),
            comments=(C("Agnes", 55, "The toasting step makes such a difference. Lovely recipe."),),
        ),
    ),
)

BANNETON_DIARIES = Site(
    slug="banneton-diaries",
    name="The Banneton Diaries",
    tagline="A beginner's year of sourdough, written down",
    niche="sourdough",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="Tom Becker",
    blogroll=("crumb-and-crust", "wild-yeast-kitchen", "ridge-runner-log"),
    contact_email="tom@bannetondiaries.blog",
    about=(
        (
            "I'm Tom, a software tester who picked up sourdough as a lockdown project and never "
            "put it down. This blog is a diary of what I got wrong, what I fixed, and what I "
            "still do not understand."
        ),
        "When I am not baking I am usually out on the trails, slowly.",
    ),
    posts=(
        Post(
            slug="first-year-of-sourdough",
            title="What My First Year of Sourdough Taught Me",
            age=3,
            category="Diary",
            excerpt="Fifty-two weeks, about ninety loaves and six lessons.",
            body=(
                (
                    "A year ago I mixed flour and water in a jar and waited. Ninety-odd loaves "
                    "later, here is what I would tell myself on day one."
                ),
                (
                    "Bake the same loaf over and over. I wasted months hopping between recipes, "
                    "which meant I never learned what changed when something went wrong. Once I "
                    "stuck to one formula for ten bakes, I could finally see cause and effect."
                ),
                (
                    "Temperature is the recipe. My bulk fermentation took three hours in August "
                    "and seven in January. A cheap probe thermometer did more for my bread than "
                    "any book."
                ),
                (
                    "Underproofing is more common than overproofing. Dense, shiny patches and "
                    "big tunnels under the crust were nearly always a sign that I had stopped bulk "
                    "too early, not too late."
                ),
                (
                    "Shape with confidence and less flour. Tension comes from friction against the "
                    "bench, and flour kills friction."
                ),
                (
                    "Keep the starter simple. A small jar, fed at a high ratio, kept at room "
                    "temperature, beat every elaborate routine I tried."
                ),
                (
                    "And write it down. This blog started as a notebook, and the notebook is the "
                    "reason the bread got better."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    2,
                    "'Temperature is the recipe' should be on a poster. Happy breadiversary, Tom!",
                    site="crumb-and-crust",
                ),
                C(
                    "Rob Aldous",
                    1,
                    "Saw you at the Hollow Hills 25k, didn't know you baked too. Bring a loaf next time.",
                    site="muddy-miles",
                ),
            ),
        ),
        Post(
            slug="overproofed-or-underproofed",
            title="Overproofed or Underproofed? Reading the Crumb",
            age=22,
            category="Troubleshooting",
            excerpt="How to tell the two apart from a single slice.",
            body=(
                (
                    "Cut a loaf in half and the crumb tells you how fermentation went. The "
                    "trouble is that overproofed and underproofed bread can both come out flat, "
                    "so the shape alone is not enough."
                ),
                (
                    "Underproofed bread has a tight, dense crumb with a few big irregular holes, "
                    "often a tunnel just under the top crust, and a gummy, shiny texture. The ear "
                    "may burst open dramatically because the dough still had a lot of push left "
                    "in the oven."
                ),
                (
                    "Overproofed bread has an even, open but weak crumb, with large holes near the "
                    "bottom and a loaf that spread sideways rather than rising. The crust may be "
                    "pale because the yeast have eaten most of the sugars, and the score barely "
                    "opens."
                ),
                (
                    "The poke test helps before baking: press a floured finger into the dough. If "
                    "the dent springs back immediately, give it longer. If it stays, bake at once. "
                    "If it springs back slowly and partly, you are about right."
                ),
                "My rule since learning this: when in doubt, extend bulk, not the final proof.",
            ),
            comments=(
                C(
                    "Maya Okafor",
                    20,
                    "Great photos. The tunnel under the crust is such a giveaway.",
                    site="wild-yeast-kitchen",
                ),
            ),
        ),
        Post(
            slug="sourdough-discard-crackers",
            title="Sourdough Discard Crackers, Three Ways",
            age=47,
            category="Recipes",
            excerpt="Rosemary and sea salt, everything-bagel, and cheddar with black pepper.",
            body=(
                (
                    "Feeding a starter creates discard, and throwing it away every day started to "
                    "bother me. Crackers use up a week's worth at once and keep for a fortnight "
                    "in a tin."
                ),
                (
                    "The base is simple: 200 g discard, 100 g flour, 40 g olive oil and 4 g salt. "
                    "Mix to a firm dough, rest it in the fridge for an hour, then roll it as thin "
                    "as you can between two sheets of baking paper. Thinner is crisper."
                ),
                (
                    "Version one: brush with oil, scatter chopped rosemary and flaky salt. Version "
                    "two: sesame, poppy seeds, dried onion and garlic. Version three: work 60 g of "
                    "grated mature cheddar into the dough and finish with cracked pepper."
                ),
                (
                    "Score the sheet into squares with a pizza wheel and bake at 170&deg;C for "
                    "twenty to twenty-five minutes, until golden and dry in the middle. The edges "
                    "brown first; break them off and return the middle to the oven if needed."
                ),
                "Old discard from the fridge works well and gives a sharper, tangier cracker.",
            ),
            comments=(),
        ),
    ),
)

LEVAIN_DU_DIMANCHE = Site(
    slug="levain-du-dimanche",
    name="Levain du Dimanche",
    tagline="Pain au levain fait maison, le dimanche et les autres jours",
    niche="sourdough",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="Claire Dubois",
    lang="fr",
    blogroll=("levain-lab", "crumb-and-crust", "wild-yeast-kitchen"),
    contact_email="claire@levaindudimanche.fr",
    about=(
        (
            "Je m'appelle Claire, j'habite près de Lyon et je fais mon pain au levain depuis "
            "2017. Ce blog rassemble mes recettes, mes ratés et mes astuces pour cuire un bon "
            "pain de campagne dans un four de cuisine ordinaire."
        ),
        ("Les commentaires sont ouverts pendant quelques semaines après la publication d'un article."),
    ),
    posts=(
        Post(
            slug="mon-levain-liquide",
            title="Mon levain liquide, mode d'emploi",
            age=9,
            category="Levain",
            excerpt="Comment j'entretiens un levain liquide à 100 % d'hydratation sans y passer mes journées.",
            body=(
                (
                    "Un levain liquide, c'est un levain nourri avec autant d'eau que de farine. Il "
                    "est plus facile à mélanger qu'un levain dur et donne un pain un peu moins "
                    "acide. Le mien vit dans un bocal de 500 ml sur le plan de travail."
                ),
                (
                    "Chaque soir, je garde 20 g de levain et j'ajoute 50 g de farine de seigle "
                    "T130 mélangée à de la farine de blé T65, puis 50 g d'eau tiède. Le matin, il "
                    "a doublé et sent le yaourt et la pomme. C'est le bon moment pour pétrir."
                ),
                (
                    "En été, je passe à une farine T65 seule et à de l'eau froide, sinon le levain "
                    "retombe avant que je sois levée. En hiver, je pose le bocal près du radiateur, "
                    "jamais dessus."
                ),
                (
                    "Si je pars en vacances, je le nourris avec une farine complète, je le ferme "
                    "et je le mets au réfrigérateur. Au retour, deux rafraîchis suffisent pour "
                    "qu'il reparte. Un liquide grisâtre à la surface n'est pas grave : il a faim, "
                    "c'est tout."
                ),
                (
                    "Le plus important reste la régularité. Un levain nourri à heure fixe devient "
                    "prévisible, et un levain prévisible fait du bon pain."
                ),
            ),
            comments=(
                C(
                    "Maya Okafor",
                    8,
                    "Merci Claire ! I tried your T130 rye trick and my starter is much livelier.",
                    site="wild-yeast-kitchen",
                ),
                C("Julien", 7, "Très clair, merci. Je vais essayer le seigle."),
            ),
        ),
        Post(
            slug="pain-de-campagne-du-dimanche",
            title="Le pain de campagne du dimanche",
            age=37,
            category="Recettes",
            excerpt="La recette que je fais presque tous les dimanches depuis cinq ans.",
            body=(
                (
                    "C'est le pain de la maison : une croûte épaisse, une mie crème un peu "
                    "alvéolée et ce petit goût de noisette que donne le seigle. Il se garde quatre "
                    "jours dans un torchon."
                ),
                (
                    "Ingrédients : 400 g de farine T65, 75 g de farine T80, 25 g de seigle, 360 g "
                    "d'eau, 100 g de levain liquide actif et 10 g de sel. Je mélange la farine et "
                    "l'eau le samedi soir, puis j'ajoute le levain et le sel le dimanche matin."
                ),
                (
                    "Pointage d'environ quatre heures à 24 &deg;C, avec trois séries de "
                    "rabats pendant la première heure et demie. La pâte doit avoir gonflé "
                    "de moitié et être bombée. Je façonne en boule, je mets dans un banneton "
                    "fariné et je laisse une heure à température ambiante."
                ),
                (
                    "Cuisson en cocotte : 250 &deg;C pendant vingt minutes avec le couvercle, puis "
                    "230 &deg;C pendant vingt-cinq minutes sans. J'attends au moins une heure avant "
                    "de couper, même si c'est dur."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    35,
                    "Baked this on Sunday, naturally. The T80 gives it such a lovely colour.",
                    site="crumb-and-crust",
                ),
            ),
        ),
        Post(
            slug="fougasse-aux-olives",
            title="Fougasse aux olives et au romarin",
            age=160,
            category="Recettes",
            state="closed_notice",
            excerpt="Une fougasse au levain pour l'apéritif, dorée et croustillante.",
            body=(
                (
                    "La fougasse est un pain plat de Provence, découpé comme une feuille. Au "
                    "levain, elle a plus de goût et reste moelleuse plus longtemps qu'avec de la "
                    "levure."
                ),
                (
                    "Pour deux fougasses : 500 g de farine T65, 330 g d'eau, 100 g de levain "
                    "liquide, 30 g d'huile d'olive, 10 g de sel, une poignée d'olives noires "
                    "dénoyautées et deux branches de romarin hachées."
                ),
                (
                    "Après le pointage, je divise la pâte, je l'étale en ovale sur une plaque "
                    "huilée et je fais les entailles avec un coupe-pâte, en écartant bien les "
                    "ouvertures pour qu'elles ne se referment pas à la cuisson."
                ),
                (
                    "Un dernier filet d'huile, du gros sel et vingt minutes à 240 &deg;C. À servir "
                    "tiède, avec un verre de rosé si c'est l'été."
                ),
                (
                    "Elle se congèle très bien : je la réchauffe cinq minutes au four et elle "
                    "retrouve son croustillant. On peut aussi remplacer les olives par des "
                    "lardons, des tomates séchées ou simplement du fromage râpé."
                ),
            ),
            comments=(
                C("Maya Okafor", 150, "Made this for a picnic, gone in ten minutes.", site="wild-yeast-kitchen"),
                C("Sophie", 158, "Magnifique, merci pour la recette !"),
            ),
        ),
    ),
)

RYE_AND_SHINE = Site(
    slug="rye-and-shine",
    name="Rye and Shine",
    tagline="Rye breads, Nordic baking and a very old starter",
    niche="sourdough",
    platform="blogger",
    theme="blogger",
    status="active",
    author="Ingrid Larsen",
    feed="atom",
    comment_rel="nofollow",
    blogroll=("crumb-and-crust", "proof-and-bake", "old-mill-sourdough"),
    about=(
        (
            "Ingrid Larsen bakes rye bread in Minnesota with a starter her grandmother brought "
            "from Aarhus. This blog collects Scandinavian and Baltic rye recipes adapted for "
            "American flours, along with the occasional wheat loaf when nobody is looking."
        ),
    ),
    posts=(
        Post(
            slug="danish-rugbrod",
            title="Danish Rugbrød, the Slow Way",
            age=14,
            category="Rye",
            state="embed",
            excerpt="A dense, seedy Danish rye loaf built over three days.",
            body=(
                (
                    "Rugbrød is the dark, dense rye bread that holds up every Danish open "
                    "sandwich. It is nothing like a wheat sourdough: there is no shaping, no "
                    "gluten to develop and no ear to chase. It is a paste of rye, seeds and sour "
                    "starter baked slowly in a tin."
                ),
                (
                    "Day one, build the sour: 50 g of mature rye starter, 200 g whole rye flour "
                    "and 250 g warm water. Leave it covered for twelve to sixteen hours. Soak "
                    "200 g of cracked rye berries and 100 g of sunflower seeds in 300 g of water at "
                    "the same time."
                ),
                (
                    "Day two, mix the sour, the soaked grains, 250 g more rye flour, 150 g water, "
                    "12 g salt and a spoon of dark syrup. Scrape it into a greased tin, smooth the "
                    "top with a wet spatula and let it rise until cracks appear, usually three to "
                    "four hours."
                ),
                (
                    "Bake at 180&deg;C for an hour and a half. Then comes the hard part: wrap the "
                    "loaf in a towel and leave it for a full day before slicing. Cut too early, "
                    "the crumb is sticky; wait, and it slices thin and clean."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    12,
                    "The waiting a day part is torture, but you're right, it matters.",
                    site="crumb-and-crust",
                ),
                C("Anonymous", 11, "What kind of syrup? We don't have Danish syrup here."),
            ),
        ),
        Post(
            slug="rye-sour-vs-wheat-starter",
            title="Rye Sour vs Wheat Starter: A Side-by-Side",
            age=44,
            category="Starters",
            state="embed",
            excerpt="Two jars, one week, very different bread.",
            body=(
                (
                    "I keep two starters: the old rye sour, fed only on whole rye at a stiff "
                    "consistency, and a wheat starter at equal parts flour and water. I used both "
                    "for a week of bakes to compare them honestly."
                ),
                (
                    "The rye sour is more acidic and more aromatic. It peaks fast, in four or five "
                    "hours, and smells of fruit and cocoa. In a wheat loaf it gives a sharper tang "
                    "and a slightly darker crumb, but it can weaken the gluten if used at more "
                    "than 20%."
                ),
                (
                    "The wheat starter is milder and gentler on the dough. Its loaves rose higher "
                    "and had a more open crumb. For a pure rye bread, though, it was no match: "
                    "rye needs the acidity of a proper sour to keep its enzymes from turning the "
                    "crumb gummy."
                ),
                (
                    "My advice is to keep the starter that suits the bread you bake most. If you "
                    "only keep one, a rye starter converts easily to wheat with two or three feeds."
                ),
            ),
            comments=(
                C("Maya Okafor", 40, "Cocoa! Yes, mine smells like that too at its peak.", site="wild-yeast-kitchen"),
            ),
        ),
        Post(
            slug="scalded-rye-bread",
            title="Scalded Rye Bread With Caraway",
            age=90,
            category="Rye",
            state="embed",
            excerpt="A Baltic-style scald makes a sweet, moist, long-keeping rye.",
            body=(
                (
                    "A scald is rye flour mixed with boiling water and left to cool slowly. The "
                    "heat gelatinises the starch and wakes up enzymes that turn it into sugar, so "
                    "the finished bread is sweet, dark and moist without any added sugar."
                ),
                (
                    "Mix 150 g of whole rye flour and 10 g of ground caraway with 350 g of boiling "
                    "water, cover it and keep it warm, ideally around 60&deg;C, for three hours. "
                    "It turns from grey paste to a glossy, sweet-smelling porridge."
                ),
                (
                    "Cool it to body temperature, then add 200 g of active rye sour, 250 g rye "
                    "flour, 100 g bread flour and 10 g salt. The dough is sticky and heavy; work it "
                    "with wet hands, pat it into a tin and let it rise by about a third."
                ),
                (
                    "Bake at 200&deg;C for fifteen minutes and 175&deg;C for another hour. Brush the "
                    "crust with a little hot water as it comes out for a soft shine."
                ),
            ),
            comments=(),
        ),
    ),
)

OLD_MILL_SOURDOUGH = Site(
    slug="old-mill-sourdough",
    name="Old Mill Sourdough",
    tagline="Home milling and heritage grains",
    niche="sourdough",
    platform="wordpress",
    theme="twentysixteen",
    status="abandoned",
    author="Walter Price",
    blogroll=("wild-yeast-kitchen", "breadbox-blog", "rye-and-shine"),
    about=(
        (
            "Walter Price mills his own flour from heritage wheat grown by two farms in Kent. "
            "Old Mill Sourdough follows the experiment: stone mills, sifting, emmer, spelt and "
            "einkorn, and the long fermentations that suit them."
        ),
        "Because of the spam, you need an account to comment.",
    ),
    posts=(
        Post(
            slug="milling-your-own-flour",
            title="Milling Your Own Flour at Home: Year One",
            age=640,
            category="Milling",
            state="login",
            excerpt="A tabletop stone mill, a sieve and a lot of flour on the floor.",
            body=(
                (
                    "A year ago I bought a small tabletop stone mill. Since then I have milled "
                    "around 150 kilograms of grain and learned that fresh flour is a different "
                    "ingredient from the stuff in bags."
                ),
                (
                    "Fresh whole wheat absorbs water more slowly, ferments faster and tastes far "
                    "sweeter. The bran is sharp and cuts gluten, so I sift about a fifth of it out "
                    "for most loaves, using a number 50 sieve, and keep the bran to coat the "
                    "loaves."
                ),
                (
                    "Heat matters: a stone mill run too fine and too fast warms the flour enough to "
                    "damage it. I mill in two passes, coarse then fine, and let the mill cool "
                    "between batches."
                ),
                (
                    "Fresh flour also needs less time in the bowl. My bulk fermentation dropped "
                    "from five hours to just under four at the same temperature, which took me "
                    "several dense loaves to notice."
                ),
                "Was it worth it? For flavour, without doubt. For convenience, not at all.",
            ),
            comments=(
                C(
                    "Maya Okafor",
                    630,
                    "Fascinating. How loud is the mill? Asking for a household that wakes up easily.",
                    site="wild-yeast-kitchen",
                ),
            ),
        ),
        Post(
            slug="spelt-sourdough",
            title="A 100% Spelt Sourdough",
            age=820,
            category="Heritage grains",
            state="login",
            excerpt="Spelt is fragile but delicious; handle gently and ferment short.",
            body=(
                (
                    "Spelt has plenty of protein but its gluten is weak and extensible, so a "
                    "spelt dough spreads if you treat it like wheat. The key is to mix less, "
                    "hydrate less and shorten the fermentation."
                ),
                (
                    "I use 500 g of whole spelt, 350 g of water, 80 g of spelt starter and 9 g of "
                    "salt. Mix just until combined, give it two gentle folds and end bulk when it "
                    "has risen by about a third."
                ),
                (
                    "Shape it softly and proof it in a tin or a well-floured basket for no more "
                    "than an hour. Bake hot and covered. The crumb is tender, the flavour nutty "
                    "and faintly sweet."
                ),
                ("Spelt stales faster than wheat, so I slice and freeze half the loaf on the first day."),
                (
                    "Spelt starters behave differently too. Mine peaks faster than a wheat "
                    "starter and smells more of cereal than of fruit, so I feed it a little "
                    "less and use it a little earlier. If your spelt loaves taste flat, try a "
                    "longer, cooler retard rather than a longer bulk."
                ),
            ),
            comments=(C("Kate", 815, "Mine always spread. Shorter bulk it is."),),
        ),
        Post(
            slug="reviving-a-dried-starter",
            title="Reviving a Dried Starter From a Friend",
            age=1300,
            category="Starter",
            state="login",
            excerpt="Flakes in an envelope to a bubbling jar in five days.",
            body=(
                (
                    "A friend posted me a few grams of dried starter flakes in an envelope, and I "
                    "wanted to see how long it would take to bring them back."
                ),
                (
                    "Day one: I crushed 5 g of flakes, soaked them in 20 g of water for an hour, "
                    "then added 20 g of whole wheat. Nothing happened for a day. On day two I fed "
                    "it 1:1:1 with rye and saw the first bubbles by the evening."
                ),
                (
                    "Days three and four were slow but steady. By day five it doubled in six hours "
                    "and smelled sweet and clean. The first loaf was a little flat, the third "
                    "perfect."
                ),
                (
                    "Drying your starter is a cheap insurance policy. Spread a thin layer on "
                    "baking paper, leave it to dry for two days, break it into flakes and keep them "
                    "in a jar. They last for years."
                ),
                (
                    "One tip: do not worry if the first feeds smell odd. A revived culture goes "
                    "through the same unbalanced phase as a brand new one, with a burst of "
                    "other bacteria before the yeast and lactic acid bacteria take over again."
                ),
            ),
            comments=(
                C(
                    "Maya Okafor",
                    1290,
                    "I keep a jar of flakes in the cupboard for exactly this. Great post.",
                    site="wild-yeast-kitchen",
                ),
                C("Walter Price", 1288, "Best insurance there is.", site="old-mill-sourdough"),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# birdwatching
# --------------------------------------------------------------------------------------------

HEDGEROW_BIRDING = Site(
    slug="hedgerow-birding",
    name="Hedgerow Birding",
    tagline="Field notes on farmland and garden birds",
    niche="birdwatching",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="Fiona Gale",
    accepts_guest_posts=True,
    website_field=False,
    captcha="recaptcha",
    blogroll=("marsh-and-wing", "the-dawn-chorus", "crumb-and-crust"),
    contact_email="fiona@hedgerowbirding.com",
    about=(
        (
            "Fiona Gale has been counting birds along the same three kilometres of hedgerow in "
            "Shropshire for twelve years. Hedgerow Birding is her field notebook: identification "
            "tips, seasonal movements, garden feeding and the slow changes in what turns up."
        ),
        "The website field has been removed from the comment form after a flood of spam.",
    ),
    guest=GuestPage(
        slug="write-for-us",
        title="Write for Hedgerow Birding",
        accepts=True,
        email="submissions@hedgerowbirding.com",
        body=(
            (
                "We welcome guest posts from birders of every level. We are especially keen on "
                "local patch write-ups, identification comparisons, survey experiences (BBS, "
                "WeBS, garden surveys) and practical pieces on habitat and feeding."
            ),
            (
                "Guidelines: 700&ndash;1,500 words, your own photographs or sound recordings, no "
                "commercial links. One link to your own blog or profile is fine in your bio."
            ),
            (
                "To pitch an idea, email submissions [at] hedgerowbirding [dot] com with a "
                "title and a short outline. Please do not send finished articles before we reply."
            ),
        ),
    ),
    posts=(
        Post(
            slug="winter-thrushes",
            title="Redwings and Fieldfares: Telling Winter Thrushes Apart",
            age=10,
            category="Identification",
            excerpt="Two autumn arrivals from the north, easily separated once you know where to look.",
            body=(
                (
                    "Every October the hedgerows fill with thrushes from Scandinavia and beyond. "
                    "Redwings and fieldfares travel together, feed together and can be hard to "
                    "tell apart when they burst out of a hawthorn and away across a field."
                ),
                (
                    "The redwing is the smaller of the two, about the size of a song thrush. Look "
                    "for the bold creamy stripe above the eye and the rusty-red patch on the flank "
                    "under the wing. In flight that red flashes clearly. Its call, a thin, high "
                    "'tseep', is the sound of migration on autumn nights."
                ),
                (
                    "The fieldfare is bigger, nearly mistle thrush size, with a blue-grey head and "
                    "rump, a chestnut back and a dark tail. In flight the pale grey rump against the "
                    "black tail is the best mark. Fieldfares chatter a harsh 'chack-chack' as "
                    "they go."
                ),
                (
                    "Both love berries early in the winter and move onto fields and orchards once "
                    "the hedges are stripped. Windfall apples left under a tree will bring them "
                    "into gardens during cold snaps."
                ),
            ),
            comments=(
                C(
                    "Gordon",
                    9,
                    "Had forty fieldfares over the house this morning. That grey rump really does stand out.",
                ),
                C("Nadia", 8, "The 'tseep' on a foggy night is one of my favourite sounds."),
            ),
        ),
        Post(
            slug="feeder-hygiene",
            title="Feeder Hygiene in a Wet Autumn",
            age=29,
            category="Garden birds",
            excerpt="Clean feeders weekly and move them often; disease spreads fast at busy tables.",
            body=(
                (
                    "A busy feeder is a delight and a risk. Finches and tits crowding around the "
                    "same ports pass on infections such as trichomonosis, which has cut "
                    "greenfinch numbers sharply since the mid-2000s."
                ),
                (
                    "Clean feeders every week in autumn and winter, more often in mild, wet "
                    "weather when bacteria thrive. I scrub them with hot soapy water, rinse with a "
                    "weak disinfectant solution and let them dry completely before refilling."
                ),
                (
                    "Move feeders a few metres every couple of weeks so that droppings and spilled "
                    "seed do not build up in one spot. Throw away any seed that has gone damp or "
                    "mouldy, and rinse water baths daily."
                ),
                (
                    "If you see a lethargic finch with fluffed-up feathers and wet, matted "
                    "plumage around the beak, take the feeders down for two weeks. It feels harsh, "
                    "but it lets the birds disperse and stops the disease from spreading."
                ),
                (
                    "It also helps to spread food across several smaller feeders rather than "
                    "one big one, and to offer seed on a tray only in small amounts that get "
                    "eaten within the day."
                ),
            ),
            comments=(
                C(
                    "Marion",
                    27,
                    "Took mine down last month after seeing a sick greenfinch. Glad to know it was the right call.",
                ),
            ),
        ),
        Post(
            slug="first-dawn-chorus-walk",
            title="My First Dawn Chorus Walk",
            age=1600,
            category="Diary",
            excerpt="Four in the morning, a flask of tea and twenty-three species by ear.",
            body=(
                (
                    "I set the alarm for half past three and was at the end of the lane by four, "
                    "with a flask of tea and a notebook I could barely see. The first robin was "
                    "already singing under a street light."
                ),
                (
                    "Blackbirds joined within minutes, then a song thrush repeating each phrase "
                    "two or three times, as if to make sure I had heard. A wren went off like an "
                    "alarm clock from the bottom of the hedge."
                ),
                (
                    "By half past four the chorus was almost too dense to pick apart. Chiffchaff "
                    "and blackcap from the wood edge, a chaffinch with its falling, flourishing "
                    "song, great tits sawing away, and a distant cuckoo that made me laugh out "
                    "loud."
                ),
                (
                    "I counted twenty-three species by ear before six, and could only have named "
                    "half of them a year earlier. If you have never done it, pick a still morning "
                    "in early May and go. You do not need to know the songs; you will want to "
                    "learn them afterwards."
                ),
            ),
            comments=(
                C(
                    "Jess Moreno",
                    1590,
                    "I hear this every time I start an early long run. Now I want to know who's singing.",
                    site="switchback-diaries",
                ),
                C("Peter", 1588, "Lovely write-up. The wren always wins for volume."),
            ),
        ),
    ),
)

MARSH_AND_WING = Site(
    slug="marsh-and-wing",
    name="Marsh and Wing",
    tagline="Wader and wetland birding on the east coast",
    niche="birdwatching",
    platform="blogger",
    theme="blogger",
    status="abandoned",
    author="Gordon Reid",
    feed="atom",
    comment_rel="nofollow",
    accepts_guest_posts=False,
    blogroll=("hedgerow-birding", "the-dawn-chorus", "birdnerd-hub"),
    about=(
        (
            "Gordon Reid, retired surveyor, birding the saltmarshes and scrapes of the Norfolk "
            "and Suffolk coast. Mostly waders, sometimes gulls, occasionally something rare."
        ),
    ),
    guest=GuestPage(
        slug="guest-posts",
        title="Guest Posts",
        accepts=False,
        email=None,
        body=(
            (
                "Thank you to everyone who wrote for Marsh and Wing over the years. We are no "
                "longer accepting guest posts, and pitches sent to the old address will not be "
                "answered."
            ),
            "The archive of past guest articles remains available in the sidebar.",
        ),
    ),
    posts=(
        Post(
            slug="avocets-at-the-scrape",
            title="Avocets at the Scrape",
            age=610,
            category="Waders",
            state="embed",
            excerpt="Forty pairs and a very determined black-headed gull.",
            body=(
                (
                    "The scrape at the reserve held around forty pairs of avocets this spring, the "
                    "most I have counted there. Avocets nest in loose colonies on bare islands and "
                    "defend them fiercely; a black-headed gull that strayed too close was chased "
                    "off by six birds at once."
                ),
                (
                    "Watch how they feed: the upturned bill sweeps side to side through the "
                    "surface water, sifting out tiny crustaceans and worms. A flock feeding "
                    "together moves across the mud like a slow, black and white tide."
                ),
                (
                    "Water levels make or break the season. Too high and the islands flood; too "
                    "low and foxes walk out to the nests. The wardens manage the sluices almost "
                    "daily in May."
                ),
                (
                    "The hide on the east bank gives the best light in the afternoon. Go quietly; "
                    "the chicks are out by early June and very easy to disturb."
                ),
                (
                    "Later in the summer the adults gather on the estuary in flocks of several "
                    "hundred before moving south, and a calm evening at high tide is the best "
                    "time to see them together."
                ),
            ),
            comments=(
                C("Fiona Gale", 605, "Forty pairs! That's wonderful news for the scrape.", site="hedgerow-birding"),
            ),
        ),
        Post(
            slug="spring-passage-waders",
            title="Spring Passage Waders: What to Expect in May",
            age=700,
            category="Waders",
            state="embed",
            excerpt="Whimbrel, wood sandpipers and the chance of something better.",
            body=(
                (
                    "May is the month when waders heading to the Arctic stop briefly on our "
                    "coast, many of them in breeding plumage you will not see in autumn."
                ),
                (
                    "Whimbrel pass through in numbers in late April and early May; listen for the "
                    "rippling seven-note call before you see them. Bar-tailed godwits in brick-red "
                    "summer dress are a highlight on the estuary."
                ),
                (
                    "Freshwater scrapes attract wood sandpipers, little stints and the odd "
                    "Temminck's stint. A grey, windless morning after overnight rain is the best "
                    "chance of a fall."
                ),
                (
                    "Bring a telescope, check every flock twice and write down what you see. Most "
                    "rarities are found by people who simply look carefully at common birds."
                ),
                (
                    "Keep an eye on the weather charts. Easterly winds in mid-May, combined "
                    "with rain over the North Sea, have produced most of the memorable falls on "
                    "this coast. On those days even the car park can hold a dotterel or a "
                    "Kentish plover, and the hides fill up by nine."
                ),
            ),
            comments=(),
        ),
        Post(
            slug="a-beginners-scope",
            title="A Beginner's Guide to Buying a Telescope",
            age=900,
            category="Gear",
            state="embed",
            excerpt="Angled or straight, objective size and why the tripod matters most.",
            body=(
                (
                    "For wader watching a telescope is almost essential, and the choice can feel "
                    "overwhelming. Three questions narrow it down."
                ),
                (
                    "Angled or straight? Angled eyepieces are easier to share with people of "
                    "different heights and more comfortable for long sessions. Straight ones are "
                    "quicker for finding birds. Most birders now choose angled."
                ),
                (
                    "How big an objective lens? 80 mm gathers more light than 65 mm, which "
                    "matters at dawn and dusk, but it is heavier to carry. For long walks a 65 mm "
                    "scope is often the better companion."
                ),
                (
                    "Finally, the tripod. A cheap wobbly tripod ruins a good scope. Spend on a "
                    "steady tripod with a smooth fluid head before upgrading the optics."
                ),
                (
                    "Eyepieces matter too. A zoom eyepiece of around 20 to 60 times is the most "
                    "flexible choice, but most of the time you will use it at the low end, "
                    "where the image is brightest and the field of view widest. Before buying, "
                    "try a few scopes side by side at a bird fair or a shop with a view over "
                    "water; the differences are obvious in dull light."
                ),
            ),
            comments=(C("Anonymous", 880, "Bought an angled 65mm after reading this. No regrets."),),
        ),
    ),
)

THE_DAWN_CHORUS = Site(
    slug="the-dawn-chorus",
    name="The Dawn Chorus",
    tagline="Listening to birds, one song at a time",
    niche="birdwatching",
    platform="jekyll",
    theme="jekyll",
    status="active",
    author="Nadia Brooks",
    feed="atom",
    comment_rel="",
    blogroll=("hedgerow-birding", "marsh-and-wing", "switchback-diaries"),
    about=(
        (
            "Nadia Brooks is a sound recordist and birder. The Dawn Chorus is about learning "
            "birds by ear: songs, calls, recording tips and nocturnal migration."
        ),
    ),
    posts=(
        Post(
            slug="recording-birdsong-on-a-phone",
            title="Recording Birdsong on a Phone",
            age=5,
            category="Recording",
            state="embed",
            excerpt="Good birdsong recordings are mostly about getting close and keeping still.",
            body=(
                (
                    "You do not need a parabolic dish to make useful recordings of birdsong. A "
                    "modern phone, a little patience and a few habits will get you recordings "
                    "good enough for identification and for sharing."
                ),
                (
                    "Turn off automatic gain and noise reduction if your recording app allows it. "
                    "Those features were designed for speech and tend to swallow high, thin "
                    "songs like goldcrest or treecreeper."
                ),
                (
                    "Get closer than you think. Distance is the enemy of clarity, and every metre "
                    "adds wind, traffic and other birds. Approach slowly and stop while the bird "
                    "is singing, not when it goes quiet."
                ),
                (
                    "Shield the microphone from wind with your body or a furry cover, and hold the "
                    "phone still; handling noise ruins more recordings than anything else."
                ),
                (
                    "Finally, say what you recorded at the end: place, time and what you think it "
                    "was. In a month you will not remember."
                ),
                (
                    "Keep your files organised from the start. A folder per month and a file "
                    "name with the date and the place make it easy to find a recording again "
                    "when you want to compare a song from one spring to the next."
                ),
            ),
        ),
        Post(
            slug="learning-warbler-songs",
            title="Learning Warbler Songs Before Spring",
            age=31,
            category="Song",
            state="embed",
            excerpt="Start with four common warblers and the rest will follow.",
            body=(
                (
                    "Warblers are heard far more often than they are seen, and spring is much more "
                    "rewarding if you can name them by song. Winter is the time to practise."
                ),
                (
                    "Start with chiffchaff, which sings its own name, and willow warbler, whose "
                    "song is a soft descending cascade. They look almost identical and sound "
                    "nothing alike."
                ),
                (
                    "Then add blackcap, a rich, fluty warble that ends in a flourish, and garden "
                    "warbler, which sings a longer, more even babble without the flourish. These "
                    "two are the classic confusion pair."
                ),
                (
                    "Listen to recordings for ten minutes a day, then test yourself with random "
                    "clips. When spring arrives, the songs will feel like old friends."
                ),
                (
                    "Add reed and sedge warbler next if you live near wetlands. Reed warbler "
                    "sings a steady, chugging rhythm, like someone talking to themselves, while "
                    "sedge warbler is faster, scratchier and full of mimicry, often launching "
                    "into a short song flight above the reeds. Whitethroat, with its brief "
                    "scratchy phrase from the top of a bramble, completes a set that covers "
                    "most of what you will hear in lowland Britain."
                ),
            ),
        ),
        Post(
            slug="nocturnal-migration-listening",
            title="Listening for Nocturnal Migration",
            age=65,
            category="Migration",
            state="embed",
            excerpt="On autumn nights, thousands of birds call overhead in the dark.",
            body=(
                (
                    "On still autumn nights, go outside after dark and listen. With luck you will "
                    "hear the thin calls of redwings, song thrushes and blackbirds passing "
                    "overhead, migrating under cover of darkness."
                ),
                (
                    "Nocturnal flight calls are short and high, and each species has its own. A "
                    "redwing's is a drawn-out 'tseeep', a song thrush's a short 'tick'. Waders "
                    "and wildfowl call too, especially near the coast."
                ),
                (
                    "A simple recorder left on a windowsill overnight captures far more than you "
                    "will hear in person. Free software can then turn hours of audio into "
                    "spectrograms that you can scan in minutes."
                ),
                ("It is a strange and moving experience to realise how much is moving above a sleeping town."),
                (
                    "The best nights are calm and overcast in October, when low cloud pushes "
                    "birds to fly lower and call more often to keep in contact. Around midnight "
                    "and again just before dawn are usually the busiest times. Write down the "
                    "time and the call you hear, and after a few weeks you will start to see "
                    "patterns in which species move on which nights."
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# trail running
# --------------------------------------------------------------------------------------------

RIDGE_RUNNER_LOG = Site(
    slug="ridge-runner-log",
    name="Ridge Runner Log",
    tagline="Mountain and trail running, from the Pennines to the Alps",
    niche="trail running",
    platform="hugo",
    theme="hugo",
    status="active",
    author="Luis Herrera",
    accepts_guest_posts=False,
    comment_rel="",
    blogroll=("switchback-diaries", "muddy-miles"),
    about=(
        (
            "Luis Herrera is a coach and ultra runner. Ridge Runner Log shares training plans, "
            "race reports and technique notes for trail and mountain runners."
        ),
        "There are no comments on this site; questions are welcome by email.",
    ),
    guest=GuestPage(
        slug="write-for-us",
        title="Write for Us",
        accepts=False,
        email=None,
        body=(
            ("Update: we no longer accept guest posts. Ridge Runner Log is now written entirely by our coaching team."),
            (
                "If you are a race organiser and want your event listed in the calendar, use the "
                "contact details on the About page."
            ),
        ),
    ),
    posts=(
        Post(
            slug="first-50k-training-block",
            title="Your First 50k: A Twelve-Week Training Block",
            age=7,
            category="Training",
            state="none",
            excerpt="From half marathon to ultra in twelve weeks, with back-to-back long runs.",
            body=(
                (
                    "A 50k is the gentlest step into ultra running: only eight kilometres longer "
                    "than a marathon, but on trails it can take an hour or two more. If you can "
                    "comfortably run a half marathon, twelve weeks is enough."
                ),
                (
                    "The backbone of the plan is the weekend long run, building from 18 km to 35 km "
                    "on terrain like your race. From week six, add a second, shorter run the next "
                    "day. Back-to-back runs teach your legs to work when tired without the injury "
                    "risk of a single enormous run."
                ),
                (
                    "Midweek, keep most running easy. One session of hill repeats or tempo "
                    "running is plenty. Strength work twice a week, especially single-leg "
                    "exercises, protects knees and ankles on descents."
                ),
                (
                    "Practise eating on every long run: aim for 40 to 60 grams of carbohydrate per "
                    "hour, and test the food you will race with. Walk the steep climbs in "
                    "training, because you will walk them in the race."
                ),
                ("Taper for two weeks, cutting volume by about a third each week while keeping a little intensity."),
            ),
        ),
        Post(
            slug="downhill-technique",
            title="Downhill Technique for Trail Runners",
            age=40,
            category="Technique",
            state="none",
            excerpt="Quick feet, relaxed arms and eyes three steps ahead.",
            body=(
                (
                    "Most trail runners lose more time going down than going up, and most "
                    "injuries happen on descents. Good downhill running is a skill, and it can be "
                    "trained."
                ),
                (
                    "Lean slightly forward from the ankles, not back. Leaning back feels safer but "
                    "puts your heels down in front of you, braking hard and hammering your quads."
                ),
                (
                    "Shorten your stride and increase your cadence. Quick, light steps let you "
                    "adjust to rocks and roots, and each landing carries less force."
                ),
                (
                    "Use your arms wide for balance, and look three or four steps ahead rather "
                    "than at your feet. Your brain will plan the foot placements for you."
                ),
                (
                    "Practise on a short, moderate descent, running it repeatedly at a "
                    "controlled pace. Speed comes from confidence, and confidence from repetition."
                ),
                (
                    "Strength matters as well. Eccentric exercises such as slow step-downs and "
                    "split squats prepare the quads for the braking work of long descents, and "
                    "reduce the soreness that otherwise arrives two days after a hilly race."
                ),
            ),
        ),
        Post(
            slug="fueling-on-long-runs",
            title="Fuelling on Long Runs Without Stomach Trouble",
            age=100,
            category="Nutrition",
            state="none",
            excerpt="Train your gut as you train your legs.",
            body=(
                (
                    "Gut trouble ends more ultras than tired legs. The good news is that the "
                    "stomach can be trained like any other system."
                ),
                (
                    "Start eating early, within the first 45 minutes, and little and often: a "
                    "few bites every twenty minutes rather than a big meal every two hours."
                ),
                (
                    "Mix sources. Gels are convenient, but many runners tolerate a mix of gels, "
                    "chews, bananas, boiled potatoes and flat cola better over many hours."
                ),
                (
                    "Drink to thirst with electrolytes in hot weather, and practise in training the "
                    "amounts you plan to use on race day."
                ),
                (
                    "If your stomach shuts down, slow down. Digestion stops when effort is too "
                    "high; ten minutes of walking and a few sips of water often fix it."
                ),
                (
                    "Caffeine can help in the late stages of a long event, but it is also a "
                    "common cause of stomach upset. Save it for the second half and test it in "
                    "training first. Finally, eat a simple, familiar breakfast two to three "
                    "hours before the start: race morning is no time for experiments."
                ),
            ),
        ),
    ),
)

MUDDY_MILES = Site(
    slug="muddy-miles",
    name="Muddy Miles",
    tagline="Trail running for the rest of us",
    niche="trail running",
    platform="ghost",
    theme="ghost",
    status="active",
    author="Rob Aldous",
    comment_rel="",
    blogroll=("ridge-runner-log", "switchback-diaries"),
    about=(
        (
            "Rob Aldous runs slowly and writes honestly about trail shoes, night running and "
            "races at the back of the pack. Muddy Miles is a newsletter and blog; members can "
            "comment on every post."
        ),
    ),
    posts=(
        Post(
            slug="winter-trail-shoes",
            title="Winter Trail Shoes: What Actually Grips",
            age=2,
            category="Gear",
            state="embed",
            excerpt="Deep lugs, soft rubber and why the upper matters in the cold.",
            body=(
                (
                    "Winter trails in the north of England mean mud, wet rock, ice and the "
                    "occasional snowfield, sometimes in a single run. I tested four pairs of "
                    "shoes over two months to see what really grips."
                ),
                (
                    "Lug depth matters most in mud. Shoes with lugs of 5 mm or more, spaced widely "
                    "so mud can clear, stayed upright where my summer shoes skated around."
                ),
                (
                    "On wet rock, rubber compound matters more than the pattern. Softer, stickier "
                    "rubber wears faster but holds on slick limestone and gritstone far better."
                ),
                (
                    "For ice there is no substitute for studs or microspikes. I carry a pair of "
                    "lightweight spikes from December to March; they weigh less than a banana."
                ),
                (
                    "Finally, a snug upper and a secure heel matter more in winter than in "
                    "summer, because a foot sliding inside a shoe is just as dangerous as a shoe "
                    "sliding on the ground."
                ),
                (
                    "Waterproof membranes are worth a mention. They keep feet warm on cold, wet "
                    "days, but once water gets in over the top of the shoe it stays in. For "
                    "deep bogs and river crossings I prefer a shoe that drains quickly and a "
                    "pair of merino socks."
                ),
            ),
        ),
        Post(
            slug="night-running-headlamps",
            title="Night Running: Choosing a Headlamp",
            age=24,
            category="Gear",
            state="embed",
            excerpt="Lumens are not everything: beam shape, battery and fit.",
            body=(
                (
                    "From November to February most of my running happens in the dark, and a good "
                    "headlamp turns that from a chore into something I look forward to."
                ),
                (
                    "Brightness matters, but 400 to 600 lumens is plenty for most trails. Beyond "
                    "that, beam shape counts more: a mix of a wide flood for your feet and a "
                    "focused spot for the path ahead."
                ),
                (
                    "Battery life at the setting you actually use is the number to check. Many "
                    "lamps only hold their maximum output for a few minutes before dimming."
                ),
                (
                    "Fit is personal. A lamp that bounces is exhausting after an hour. Try it "
                    "with a hat, and consider a rear battery pack for long runs."
                ),
                (
                    "Always carry a spare light, even a tiny one. Darkness on a hillside with a "
                    "dead battery is a lesson you only need once."
                ),
                (
                    "Red light modes are useful at aid stations and when running with others, "
                    "because they do not dazzle anyone. A lamp that is easy to switch between "
                    "modes with gloves on is worth more than one extra setting."
                ),
            ),
        ),
        Post(
            slug="race-report-hollow-hills-25k",
            title="Race Report: Hollow Hills 25k",
            age=52,
            category="Races",
            state="embed",
            excerpt="Two climbs, one bog and a cake stall at the finish.",
            body=(
                (
                    "The Hollow Hills 25k is a small local race with 900 metres of climbing, one "
                    "infamous bog and the best finish-line cake stall in the county."
                ),
                (
                    "I started too fast, as always, and paid for it on the second climb, which "
                    "goes straight up a grassy fell with no path to speak of. Walking with hands on "
                    "knees was the only option, and nobody around me was running either."
                ),
                (
                    "The bog at kilometre eighteen took one of my shoes and nearly kept it. A "
                    "marshal helped me fish it out, laughing."
                ),
                (
                    "The descent to the finish is fast and runnable, and I passed six people on "
                    "it, which felt like a small revenge for the climbs."
                ),
                ("Finished in 3:02, middle of the pack, very muddy and very happy. Lemon drizzle at the end."),
                (
                    "Next year I will start slower and carry poles for that second climb. And I "
                    "will lace my shoes much tighter before the bog."
                ),
            ),
        ),
    ),
)

SWITCHBACK_DIARIES = Site(
    slug="switchback-diaries",
    name="Switchback Diaries",
    tagline="Vert, trails and the occasional bagel",
    niche="trail running",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="Jess Moreno",
    captcha="hcaptcha",
    blogroll=("ridge-runner-log", "muddy-miles", "the-dawn-chorus"),
    contact_email="jess@switchbackdiaries.com",
    disallow=("/private/",),
    private_link_from="home",
    about=(
        (
            "Jess Moreno is a mountain runner based in Colorado who likes steep climbs, long "
            "days and baking for the crew. Switchback Diaries covers vertical training, gear and "
            "races, with the odd recipe for trail fuel."
        ),
    ),
    private=Post(
        slug="race-plans",
        title="Race Plans 2027 (draft, private)",
        age=1,
        category="Private",
        body=(
            ("Private draft, do not share: tentative race calendar and training blocks for next season."),
            (
                "February: snowshoe 10k. April: 50k on the Front Range. July: mountain marathon "
                "with 2,500 m of climbing. September: first 100k, if the spring goes to plan."
            ),
            (
                "Training blocks: twelve weeks of base from December, hill strength from "
                "February, vertical focus in May and June."
            ),
        ),
        state="open",
    ),
    posts=(
        Post(
            slug="vertical-kilometre-training",
            title="Training for a Vertical Kilometre",
            age=11,
            category="Training",
            excerpt="A thousand metres up in under five kilometres: how to prepare.",
            body=(
                (
                    "A vertical kilometre race climbs a thousand metres in less than five "
                    "kilometres of distance. It is short, steep and brutal, and almost nobody "
                    "runs all of it."
                ),
                (
                    "Power hiking is the core skill. Hands on thighs, short steps, a steady "
                    "rhythm. Practise it on the steepest hill you can find, in intervals of ten to "
                    "fifteen minutes, and time yourself so you can see the gains."
                ),
                (
                    "Poles help on grades above 25%, but they take practice. Train with them on "
                    "every steep session for at least a month before the race."
                ),
                (
                    "Strength work pays off directly: step-ups with a weighted pack, calf raises and "
                    "lunges twice a week for eight weeks made a bigger difference to my climbing "
                    "than any running session."
                ),
                (
                    "On race day start slower than feels right. The pain arrives at minute "
                    "twenty, whatever your pace, and a steady climber passes a fast starter "
                    "every time."
                ),
            ),
            comments=(
                C(
                    "Rob Aldous",
                    10,
                    "Hands on thighs and a steady rhythm is how I survive every climb. Great tips.",
                    site="muddy-miles",
                ),
                C("Tom Becker", 9, "Step-ups with a pack: noted. My calves already hate you.", site="banneton-diaries"),
            ),
        ),
        Post(
            slug="poles-or-no-poles",
            title="Poles or No Poles?",
            age=36,
            category="Gear",
            excerpt="When trekking poles help, when they get in the way.",
            body=(
                (
                    "Trekking poles divide trail runners. Some never leave home without them, "
                    "others think they are cheating. The truth is that they help on some courses "
                    "and hinder on others."
                ),
                (
                    "Poles shine on long, steep climbs, where they let your arms take some of the "
                    "work. Over a 100k with 5,000 metres of climbing, that saving adds up, and your "
                    "legs arrive at the last descent less battered."
                ),
                (
                    "On runnable, rolling courses they are mostly a nuisance. You carry them more "
                    "than you use them, and stowing them in a hurry is fiddly."
                ),
                (
                    "If you use them, practise. Planting poles badly on a technical descent is a "
                    "quick way to trip. Fold-up poles that fit into a quiver on your pack are "
                    "worth the extra cost."
                ),
                (
                    "A compromise that works for many runners is to carry poles only for the "
                    "longest climbs and stash them in a pack quiver the rest of the time. Check "
                    "the race rules, too: some events ban poles entirely, and others allow them "
                    "only on specific sections of the course."
                ),
            ),
            comments=(
                C(
                    "Fiona Gale",
                    30,
                    "Not a runner but I use poles on long birding walks and my knees thank me.",
                    site="hedgerow-birding",
                ),
            ),
        ),
        Post(
            slug="sourdough-bagels-as-trail-fuel",
            title="Sourdough Bagels as Trail Fuel",
            age=55,
            category="Recipes",
            excerpt="Chewy, dense and easy to carry: my long-run bagel recipe.",
            body=(
                (
                    "I bake on rest days, and my favourite thing to bake for long runs is "
                    "sourdough bagels. They survive being squashed in a pack, they are full of "
                    "slow carbohydrate and they taste far better than a gel at hour four."
                ),
                (
                    "The dough is stiff: 500 g bread flour, 250 g water, 100 g active starter, "
                    "20 g honey and 10 g salt. Knead until smooth, divide into eight, shape into "
                    "rings and proof overnight in the fridge."
                ),
                (
                    "In the morning, boil them for a minute a side in water with a spoon of "
                    "honey, top with seeds and bake at 220&deg;C for twenty minutes."
                ),
                (
                    "Split, filled with peanut butter and wrapped in foil, a bagel sits happily "
                    "in a vest pocket for a whole day in the mountains."
                ),
                (
                    "Whole wheat or rye in the dough gives them more staying power. I usually "
                    "replace about a fifth of the bread flour, and add a handful of sesame or "
                    "poppy seeds to the topping for a bit of salt and crunch on the trail."
                ),
            ),
            comments=(
                C(
                    "Hannah Whitlock",
                    50,
                    "Peanut butter bagels at hour four sounds like heaven. Lovely recipe!",
                    site="crumb-and-crust",
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# off-niche
# --------------------------------------------------------------------------------------------

QUICK_CASH_CASINO = Site(
    slug="quick-cash-casino",
    name="Quick Cash &amp; Casino Tips",
    tagline="Best bonuses, fast loans, big wins",
    niche="off-niche",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="admin",
    accepts_guest_posts=True,
    comment_rel="external",
    about=(
        (
            "Quick Cash &amp; Casino Tips brings you the best online casino bonuses, payday "
            "loan offers and crypto slots reviews. Updated daily!"
        ),
    ),
    guest=GuestPage(
        slug="write-for-us",
        title="Write for Us &#8211; Casino, Betting, Loans, Crypto",
        accepts=True,
        email="guestpost@quickcashcasino.net",
        body=(
            (
                "We accept guest posts and sponsored posts in casino, betting, gambling, payday "
                "loans, crypto and finance niches. Do-follow links, permanent posts, fast "
                "publishing within 24 hours."
            ),
            (
                "Price: $80 per post, $50 for link insertion. Bulk discounts available. Articles "
                "must be 600+ words and unique."
            ),
            "Contact: guestpost@quickcashcasino.net. Payment by PayPal or crypto.",
        ),
    ),
    posts=(
        Post(
            slug="best-online-casino-bonuses",
            title="Best Online Casino Bonuses This Month (No Deposit!)",
            age=3,
            category="Casino",
            excerpt="The top no-deposit bonuses and free spins you can claim today.",
            body=(
                (
                    "Looking for the best online casino bonuses? You have come to the right "
                    "place! We review hundreds of casino bonuses every month so you can find the "
                    "best no deposit bonus, free spins and welcome offer for you."
                ),
                (
                    "A no deposit bonus lets you play casino games without depositing money. Free "
                    "spins can be used on popular slots and you can win real money. Always read "
                    "the wagering requirements, because most bonuses must be wagered 30x to 50x "
                    "before you can withdraw."
                ),
                (
                    "Our top picks this month include sites with 200 free spins, 100% match bonus "
                    "up to $500 and instant crypto withdrawals. Many casinos also offer cashback "
                    "and VIP programs for loyal players."
                ),
                (
                    "Remember to gamble responsibly. Casino games are entertainment and you "
                    "should never bet more than you can afford to lose. Check our other guides on "
                    "fast loans and crypto slots for more tips to boost your bankroll today."
                ),
            ),
            comments=(
                C(
                    "Derek Lam",
                    2,
                    "Nice list, check out my review of the best USB-C chargers too.",
                    site="home-tech-grove",
                ),
                C("casino bonus 2026", 1, "Best casino bonus here, big wins, visit now!!!"),
                C("payday loan fast", 1, "Thanks for sharing, very useful content."),
            ),
        ),
        Post(
            slug="fast-payday-loans-guide",
            title="Fast Payday Loans Guide: Get Cash in 1 Hour",
            age=16,
            category="Loans",
            excerpt="How to get a payday loan fast, even with bad credit.",
            body=(
                (
                    "Need cash fast? Payday loans can give you money in as little as one hour, "
                    "even with bad credit. In this guide we explain how payday loans work and how "
                    "to find the best lender for your needs."
                ),
                (
                    "A payday loan is a short-term loan that you repay on your next payday. The "
                    "application is online and takes only minutes. Lenders check your income and "
                    "bank account, and many approve applications instantly."
                ),
                (
                    "Be careful: payday loans have very high interest rates and fees. Only borrow "
                    "what you need and make sure you can repay on time, or the costs can grow "
                    "quickly. Compare offers from several lenders before you sign."
                ),
                (
                    "Alternatives include credit union loans, salary advances from your employer "
                    "and buy now pay later services. Check our casino bonus guide for ways to have "
                    "fun with your extra cash!"
                ),
                (
                    "Apply now and get the money you need in minutes. Our partners offer loans "
                    "from $100 to $5000 with flexible repayment."
                ),
            ),
            comments=(C("loans online", 12, "Great article, get instant loans at my website."),),
        ),
        Post(
            slug="crypto-slots-review",
            title="Crypto Slots Review: Top 10 Bitcoin Casinos",
            age=28,
            category="Crypto",
            excerpt="Play slots with Bitcoin, Ethereum and more at the top crypto casinos.",
            body=(
                (
                    "Crypto casinos are growing fast, and crypto slots are the most popular games. "
                    "In this review we list the top 10 Bitcoin casinos with the best slots, "
                    "fastest withdrawals and biggest bonuses."
                ),
                (
                    "Why play with crypto? Deposits and withdrawals are fast, often instant, and "
                    "fees are low. Many crypto casinos also offer provably fair games and exclusive "
                    "bonuses for Bitcoin players."
                ),
                (
                    "Our top picks support Bitcoin, Ethereum, Litecoin and USDT, with thousands of "
                    "slots from leading providers. Welcome packages reach up to 5 BTC plus free "
                    "spins on selected games."
                ),
                (
                    "As always, gamble responsibly and check the laws in your country before "
                    "playing at an online casino. Crypto prices are volatile, so your winnings can "
                    "change in value quickly."
                ),
                (
                    "Sign up today through our links to get exclusive bonuses and free spins. "
                    "New crypto casinos are added every week, so check back often for the "
                    "latest offers and the biggest jackpots online."
                ),
            ),
            comments=(),
        ),
    ),
)

HOME_TECH_GROVE = Site(
    slug="home-tech-grove",
    name="Home Tech Grove",
    tagline="Gadgets, smart home and honest reviews",
    niche="off-niche",
    platform="wordpress",
    theme="twentytwentyone",
    status="active",
    author="Derek Lam",
    accepts_guest_posts=False,
    about=(
        (
            "Home Tech Grove reviews chargers, routers, smart plugs and the other small "
            "gadgets that run a modern home. Written by Derek Lam, an electrical engineer who "
            "tests things until they break."
        ),
        "Comments are for registered readers only.",
    ),
    guest=GuestPage(
        slug="write-for-us",
        title="Write for Home Tech Grove",
        accepts=False,
        email=None,
        body=(
            (
                "We have stopped accepting guest posts. Thanks to everyone who pitched over the "
                "years; we now publish only reviews from our own test bench."
            ),
            ("Press releases and review units can still be sent via the contact page, with no promise of coverage."),
        ),
    ),
    posts=(
        Post(
            slug="smart-plug-proofing-box",
            title="Turning a Smart Plug and a Cooler Into a Proofing Box",
            age=20,
            category="Smart home",
            state="login",
            excerpt="A cheap smart plug, a thermostat probe and a picnic cooler.",
            body=(
                (
                    "My partner bakes bread and wanted a warm, steady place for dough to rise. A "
                    "commercial proofing box costs a lot, so I built one from a picnic cooler, a "
                    "seedling heat mat and a smart plug with a temperature probe."
                ),
                (
                    "The heat mat lies on the bottom of the cooler under a wire rack. The probe "
                    "sits at dough height. The smart plug switches the mat on below 25&deg;C and off "
                    "above 26&deg;C, and the cooler's insulation does the rest."
                ),
                (
                    "Over a week of logging, the temperature stayed within a degree of the target. "
                    "The whole thing cost less than a tenth of a commercial unit, and the app "
                    "sends an alert if the temperature drifts."
                ),
                (
                    "Safety first: use a heat mat rated for continuous use, keep the cable out of "
                    "the lid seal and never leave a cheap plug switching a heavy load."
                ),
                (
                    "The next version will use a small fan to even out the temperature between "
                    "the top and the bottom of the cooler, since the logs showed a gap of "
                    "almost two degrees."
                ),
            ),
            comments=(C("Priya Raman", 18, "This is a neat setup. Would love to see the logging graphs."),),
        ),
        Post(
            slug="mesh-wifi-review",
            title="Mesh Wi-Fi for an Old Brick House: Three Systems Tested",
            age=45,
            category="Networking",
            state="login",
            excerpt="Thick walls, three floors and three mesh kits.",
            body=(
                (
                    "Thick brick walls and Wi-Fi do not get along. I tested three mesh systems in "
                    "a three-storey Victorian terrace to find one that reaches the attic."
                ),
                (
                    "The system with a dedicated wireless backhaul band won comfortably, holding "
                    "over 200 Mbps on the top floor. The two dual-band kits dropped below 50 "
                    "Mbps once the nodes were a floor apart."
                ),
                (
                    "Wired backhaul beats all of them. If you can run one Ethernet cable between "
                    "floors, even a cheap mesh system performs like an expensive one."
                ),
                (
                    "Placement matters more than the spec sheet: put nodes in the open, roughly "
                    "halfway between the router and the dead zone, not in a cupboard."
                ),
                (
                    "Check the backhaul options before you buy: a system that supports both "
                    "Ethernet and powerline backhaul gives you a fallback if one of the "
                    "wireless links struggles. Firmware matters too, as the best system here "
                    "improved noticeably after two updates during the test period, while one of "
                    "the others still drops clients when they roam between nodes."
                ),
            ),
            comments=(),
        ),
        Post(
            slug="usb-c-chargers-tested",
            title="USB-C Chargers Tested: Which Ones Deliver",
            age=80,
            category="Reviews",
            state="login",
            excerpt="Eight chargers, a power meter and some surprising results.",
            body=(
                (
                    "Not every 65 W charger delivers 65 W. I tested eight USB-C chargers with a "
                    "power meter and an electronic load to see what they really provide."
                ),
                (
                    "Five of the eight delivered their rated power for a full hour. Two throttled "
                    "after twenty minutes as they heated up, and one never got above 45 W."
                ),
                (
                    "Multi-port chargers split power in ways the box rarely explains. Plugging in "
                    "a second device often cuts the main port's output by half."
                ),
                (
                    "Gallium nitride models ran cooler and were much smaller, and they are now "
                    "priced close to older designs. They are the ones I would buy."
                ),
                (
                    "Also check the cable. A charger can only deliver more than 60 watts "
                    "through a cable with an electronic marker chip, and several cheap cables "
                    "in the test were not rated for the power the box claimed. Finally, pay "
                    "attention to heat: the two throttling chargers reached over 70 degrees on "
                    "the case, which is uncomfortable to touch and hard on the parts inside."
                ),
            ),
            comments=(C("casino bonus 2026", 40, "Nice review, visit my casino tips.", site="quick-cash-casino"),),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# parked domains
# --------------------------------------------------------------------------------------------

BREADBOX_BLOG = Site(
    slug="breadbox-blog",
    name="breadboxblog.com",
    tagline="",
    niche="sourdough",
    platform="other",
    theme="parked",
    status="parked",
    author="",
    comment_rel="",
    extra={
        "domain": "breadboxblog.com",
        "related": "Sourdough Starter Kit|Bread Machines|Baking Classes Near Me|Flour Mill",
    },
)

BIRDNERD_HUB = Site(
    slug="birdnerd-hub",
    name="birdnerdhub.net",
    tagline="",
    niche="birdwatching",
    platform="other",
    theme="parked",
    status="parked",
    author="",
    comment_rel="",
    extra={"domain": "birdnerdhub.net", "related": "Binoculars Sale|Bird Feeders|Birding Tours|Spotting Scopes"},
)

SITES: tuple[Site, ...] = (
    CRUMB_AND_CRUST,
    WILD_YEAST_KITCHEN,
    LEVAIN_LAB,
    PROOF_AND_BAKE,
    BANNETON_DIARIES,
    LEVAIN_DU_DIMANCHE,
    RYE_AND_SHINE,
    OLD_MILL_SOURDOUGH,
    HEDGEROW_BIRDING,
    MARSH_AND_WING,
    THE_DAWN_CHORUS,
    RIDGE_RUNNER_LOG,
    MUDDY_MILES,
    SWITCHBACK_DIARIES,
    QUICK_CASH_CASINO,
    HOME_TECH_GROVE,
    BREADBOX_BLOG,
    BIRDNERD_HUB,
)

NICHES: dict[str, list[str]] = {
    "sourdough": [
        "sourdough",
        "starter",
        "levain",
        "bread",
        "loaf",
        "dough",
        "rye",
        "flour",
        "hydration",
        "bulk fermentation",
        "proofing",
        "banneton",
        "scoring",
        "crumb",
        "crust",
        "discard",
        "autolyse",
        "baking",
        "pain au levain",
        "farine",
    ],
    "birdwatching": [
        "birdwatching",
        "birding",
        "birds",
        "birdsong",
        "warbler",
        "thrush",
        "waders",
        "migration",
        "binoculars",
        "telescope",
        "feeder",
        "species",
        "dawn chorus",
        "hide",
    ],
    "trail running": [
        "trail running",
        "trail",
        "ultra",
        "50k",
        "race report",
        "long run",
        "vertical",
        "descent",
        "climb",
        "headlamp",
        "trail shoes",
        "training",
        "poles",
        "fell",
    ],
}
