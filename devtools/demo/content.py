"""Everything the demo site holds, as plain data.

``load_demo_content`` feeds these values to the apps' factories to make
images, snippets and pages (a field left out takes the factory's value, so a
blank that matters is written out). Objects point at each other through
``Ref`` markers (a page by its path below the home page, an image by its
title, a person by name...), which the command swaps for the real objects once
they exist. Stream fields are lists of ``(block_name, value)`` pairs using the
block names in ``core/blocks/streams.py``.

The facts (names, roles, places, titles) come from the organisation's
pages; every sentence here is written fresh for the demo.
"""

from datetime import date
from typing import NamedTuple


class Ref(NamedTuple):
    kind: str  # "page", "image", "person", "condition", "district" or "series"
    key: str


class StartsIn(NamedTuple):
    """A start time relative to the day the demo is loaded."""

    days: int
    hour: int
    zone: str


def page(path):
    return Ref("page", path)


def image(title):
    return Ref("image", title)


def person(name):
    return Ref("person", name)


def condition(slug):
    return Ref("condition", slug)


def district(name):
    return Ref("district", name)


def series(slug):
    return Ref("series", slug)


def choices(*options):
    # Wagtail's form builder reads one choice per line.
    return "\n".join(options)


CONTACT = page("contact")
EASTERN = "America/New_York"


# --- Images ----------------------------------------------------------------
# kind: "hero" (1600x900) or "portrait" (600x600); motif and palette are the
# drawing recipes in images.py (a scene and its colours), and each description says what that scene shows.

IMAGES = [
    {
        "title": "Home page hero",
        "kind": "hero",
        "motif": "team-table",
        "palette": "forest-lime",
        "seed": 11,
        "description": "Illustration: a team of six around a table under a wall of sticky notes, with papers and mugs between them.",
    },
    {
        "title": "About us hero",
        "kind": "hero",
        "motif": "school",
        "palette": "indigo-sky",
        "seed": 12,
        "description": "Illustration: a school building with a flag, two trees and a path to its door, under a low sun.",
    },
    {
        "title": "Stone Creek Elementary hero",
        "kind": "hero",
        "motif": "team-table",
        "palette": "plum-peach",
        "seed": 21,
        "description": "Illustration: a team of six around a table under a wall of sticky notes, with papers and mugs between them.",
    },
    {
        "title": "Pomona Unified hero",
        "kind": "hero",
        "motif": "classroom",
        "palette": "navy-coral-gold",
        "seed": 22,
        "description": "Illustration: a teacher beside a whiteboard with writing and a bar chart, facing a class seen from behind.",
    },
    {
        "title": "Walker-Gamble Elementary hero",
        "kind": "hero",
        "motif": "school",
        "palette": "teal-sand",
        "seed": 23,
        "description": "Illustration: a school building with a flag, two trees and a path to its door, under a low sun.",
    },
    {
        "title": "Co-teaching in sixth grade video still",
        "kind": "hero",
        "motif": "classroom",
        "palette": "teal-sand",
        "seed": 31,
        "description": "Illustration: a teacher beside a whiteboard with writing and a bar chart, facing a class seen from behind.",
    },
    {
        "title": "Co-teaching in third grade video still",
        "kind": "hero",
        "motif": "classroom",
        "palette": "berry-mint",
        "seed": 32,
        "description": "Illustration: a teacher beside a whiteboard with writing and a bar chart, facing a class seen from behind.",
    },
    {
        "title": "Teacher specialist roles video still",
        "kind": "hero",
        "motif": "conversation",
        "palette": "navy-coral-gold",
        "seed": 33,
        "description": "Illustration: two people talking across a small table, a speech bubble above each.",
    },
    {
        "title": "Math modeling video still",
        "kind": "hero",
        "motif": "classroom",
        "palette": "charcoal-amber",
        "seed": 34,
        "description": "Illustration: a teacher beside a whiteboard with writing and a bar chart, facing a class seen from behind.",
    },
    {
        "title": "Roundtable opener hero",
        "kind": "hero",
        "motif": "conversation",
        "palette": "indigo-sky",
        "seed": 41,
        "description": "Illustration: two people talking across a small table, a speech bubble above each.",
    },
    {
        "title": "Central office interview hero",
        "kind": "hero",
        "motif": "conversation",
        "palette": "berry-mint",
        "seed": 42,
        "description": "Illustration: two people talking across a small table, a speech bubble above each.",
    },
    {
        "title": "Approach not a program hero",
        "kind": "hero",
        "motif": "steps",
        "palette": "forest-lime",
        "seed": 43,
        "description": "Illustration: people climbing five steps towards a flag at the top.",
    },
    {
        "title": "Three keys hero",
        "kind": "hero",
        "motif": "team-table",
        "palette": "teal-sand",
        "seed": 44,
        "description": "Illustration: a team of six around a table under a wall of sticky notes, with papers and mugs between them.",
    },
    {
        "title": "Why collective leadership webinar hero",
        "kind": "hero",
        "motif": "video-call",
        "palette": "indigo-sky",
        "seed": 51,
        "description": "Illustration: a laptop on a desk showing a video call, six people in a grid with the speaker outlined.",
    },
    {
        "title": "Building the conditions webinar hero",
        "kind": "hero",
        "motif": "video-call",
        "palette": "berry-mint",
        "seed": 52,
        "description": "Illustration: a laptop on a desk showing a video call, six people in a grid with the speaker outlined.",
    },
    {
        "title": "From pilot to practice webinar hero",
        "kind": "hero",
        "motif": "video-call",
        "palette": "charcoal-amber",
        "seed": 53,
        "description": "Illustration: a laptop on a desk showing a video call, six people in a grid with the speaker outlined.",
    },
    {
        "title": "Portrait: Barnett Berry",
        "kind": "portrait",
        "motif": "portrait",
        "palette": "navy-coral-gold",
        "seed": 61,
        "description": "Placeholder portrait of Barnett Berry: an illustrated head and shoulders, not a photo.",
    },
    {
        "title": "Portrait: Molly Spearman",
        "kind": "portrait",
        "motif": "portrait",
        "palette": "teal-sand",
        "seed": 62,
        "description": "Placeholder portrait of Molly Spearman: an illustrated head and shoulders, not a photo.",
    },
    {
        "title": "Portrait: Nader Twal",
        "kind": "portrait",
        "motif": "portrait",
        "palette": "charcoal-amber",
        "seed": 63,
        "description": "Placeholder portrait of Nader Twal: an illustrated head and shoulders, not a photo.",
    },
    {
        "title": "Portrait: Tricia Ebner",
        "kind": "portrait",
        "motif": "portrait",
        "palette": "plum-peach",
        "seed": 64,
        "description": "Placeholder portrait of Tricia Ebner: an illustrated head and shoulders, not a photo.",
    },
]


# --- Snippets ----------------------------------------------------------------

# In the order the playbook lists them; each with the self-assessment's statements, in the order asked.
CONDITIONS = [
    {
        "name": "Vision and strategy",
        "slug": "vision-and-strategy",
        "symbol": "compass",
        "short_description": (
            "Everyone can describe where the school is heading and helped draw the plan for getting there."
        ),
        "statements": [
            {
                "text": "Most of our staff could explain, in their own words, where the school is heading over the next few years."
            },
            {"text": "Teachers helped write the plan we follow, not only review it once it was done."},
            {"text": "Before we take on something new, we check it against the goals we agreed."},
        ],
    },
    {
        "name": "Supportive administration",
        "slug": "supportive-administration",
        "symbol": "shield",
        "short_description": (
            "Principals and district leaders make room for others to lead and stand behind what teams decide."
        ),
        "statements": [
            {"text": "Our principal hands real decisions to teacher teams and backs what they decide."},
            {"text": "Administrators protect time for teachers to lead, even in the busiest weeks."},
            {
                "text": "A teacher who tries something new can count on leaders' support if it does not work the first time."
            },
        ],
    },
    {
        "name": "Capacity and resources",
        "slug": "capacity-and-resources",
        "symbol": "layers",
        "short_description": "Teams have the skills, time, money and materials that leadership work really takes.",
        "statements": [
            {"text": "Teachers who lead have had training in facilitating, coaching or running meetings."},
            {"text": "Leadership work has a budget: release time, stipends or materials."},
            {"text": "We know which colleagues have which expertise, and we draw on it."},
        ],
    },
    {
        "name": "Enabling work structures",
        "slug": "enabling-work-structures",
        "symbol": "calendar",
        "short_description": (
            "Schedules, roles and meeting routines are built so educators can plan, learn and decide together."
        ),
        "statements": [
            {"text": "Our schedule gives teams regular, uninterrupted time to plan and learn together."},
            {"text": "Each teacher leadership role has a clear purpose and clear expectations."},
            {"text": "Our meetings end with decisions and named next steps."},
        ],
    },
    {
        "name": "Relationships and social norms",
        "slug": "relationships-and-social-norms",
        "symbol": "people",
        "short_description": (
            "Trust and clear agreements let colleagues take risks, give honest feedback and disagree well."
        ),
        "statements": [
            {"text": "Colleagues can disagree openly in a meeting without it turning personal."},
            {"text": "Teachers visit each other's classrooms and talk about what they saw."},
            {"text": "We have written agreements about how we work together, and we hold to them."},
        ],
    },
    {
        "name": "Shared influence",
        "slug": "shared-influence",
        "symbol": "network",
        "short_description": (
            "Teachers hold a genuine say in choices about instruction, priorities and how the school runs."
        ),
        "statements": [
            {"text": "Teachers have a real say in choices about curriculum, schedules and professional learning."},
            {"text": "Decisions that change classrooms are made with the teachers who will carry them out."},
            {"text": "Staff can see how their input changed a decision."},
        ],
    },
    {
        "name": "Orientation toward improvement",
        "slug": "orientation-toward-improvement",
        "symbol": "rising",
        "short_description": (
            "The team tests ideas, studies the evidence and adjusts, treating setbacks as information."
        ),
        "statements": [
            {"text": "We set measurable goals and look at evidence about them several times a year."},
            {"text": "When a plan is not working, we change course rather than wait for the year to end."},
            {"text": "Trying something and learning from it is valued, even when the results disappoint."},
        ],
    },
]

DISTRICTS = [
    {"name": "Pomona Unified School District", "acronym": "PUSD", "state": "CA"},
    {"name": "Long Beach Unified School District", "acronym": "LBUSD", "state": "CA"},
    {"name": "South Carolina Department of Education", "acronym": "SCDE", "state": "SC"},
]

# Words searchers use for the same thing (search.SearchSynonym), one group each.
SEARCH_SYNONYMS = [
    {"terms": "PUSD\nPomona Unified"},
    {"terms": "LBUSD\nLong Beach Unified"},
    {"terms": "CLI\nCollective Leadership Initiative"},
    {"terms": "PD\nprofessional development\nprofessional learning"},
]

# Editors' picks shown above the results for a search (wagtail.contrib.search_promotions).
SEARCH_PROMOTIONS = [
    {"query": "playbook", "page": page("playbook"), "description": "Start here: the seven conditions and every guide."},
    {"query": "contact", "page": CONTACT, "description": "Tell us where your team is and we will be in touch."},
]

PEOPLE = [
    {
        "name": "Barnett Berry",
        "role": "Founder",
        "organisation": "CTQ",
        "photo": image("Portrait: Barnett Berry"),
        "bio": (
            "Barnett founded CTQ to put teachers' expertise at the heart of school improvement. "
            "He writes about teacher leadership and the policies that give it room to grow."
        ),
    },
    {
        "name": "Molly Spearman",
        "role": "State Superintendent of Education",
        "organisation": "South Carolina Department of Education",
        "photo": image("Portrait: Molly Spearman"),
        "bio": (
            "Molly leads public education in South Carolina. Her department works with CTQ on the "
            "Collective Leadership Initiative, which coaches school teams across the state."
        ),
    },
    {
        "name": "Nader Twal",
        "role": "Program administrator, Innovative Professional Development (iPD)",
        "organisation": "Long Beach Unified School District, California",
        "photo": image("Portrait: Nader Twal"),
        "bio": (
            "Nader oversees teacher-designed professional learning in Long Beach. Before that he taught, "
            "and his teaching earned a Milken Family Foundation National Educator Award in 2003."
        ),
    },
    {
        "name": "Tricia Ebner",
        "role": "Intervention specialist for gifted students",
        "organisation": "Hartville, Ohio",
        "photo": image("Portrait: Tricia Ebner"),
        "bio": (
            "Tricia teaches gifted learners in Hartville, Ohio. She writes about what teacher leadership "
            "looks like from inside a classroom, one ordinary week at a time."
        ),
    },
]

WEBINAR_SERIES = [
    {
        "title": "Collective leadership webinar series",
        "slug": "collective-leadership",
        "description": (
            "Short, practical sessions with educators who lead together. Join live to ask questions, "
            "or catch the recording when your schedule allows."
        ),
    },
]

# Example submissions, so staff can try the listing and the exports on the demo site.
# Matched by duplicate_key (any unique text here). Made-up people, with example.org addresses.
FORM_SUBMISSIONS = [
    {
        "duplicate_key": "demo-contact-1",
        "page": CONTACT,
        "form_data": {
            "name": "Rosa Delgado",
            "email": "rosa.delgado@example.org",
            "school_or_district": "Example Unified School District",
            "role": "District staff",
            "message": (
                "Our district wants teacher leaders to run next year's induction. Could we talk about a design day?"
            ),
        },
    },
    {
        "duplicate_key": "demo-readiness-1",
        "page": page("readiness-survey"),
        "form_data": {
            "name": "Sam Okafor",
            "email": "sam.okafor@example.org",
            "school": "Example Middle School",
            "role": "Teacher",
            "where_is_your_team": "Planning our first steps",
            "which_conditions_are_strongest": ["Vision and strategy", "Relationships and social norms"],
            "what_would_help_most": "A way to give teachers real say over how we spend professional learning time.",
        },
    },
]

SITE_SETTINGS = {
    "contact_email": "hello@example.org",
    "contact_page": CONTACT,
    "footer_text": (
        "<p>Collective Leadership is a demonstration site about teachers and administrators leading "
        "schools together. Share your team's story with <b>#CTQCollab</b>.</p>"
    ),
    "facebook_url": "https://example.org/social/facebook",
    "x_url": "https://example.org/social/x",
    "linkedin_url": "https://example.org/social/linkedin",
    "youtube_url": "https://example.org/social/youtube",
    "share_image": image("Home page hero"),
}


# --- The home page (made by a migration; the demo only fills it in) ----------

HOME = {
    "title": "Developing collective leadership",
    "seo_title": "Collective leadership for schools and districts",
    "search_description": (
        "Stories, guides and webinars for teachers and administrators who want to lead their schools together."
    ),
    "intro": (
        "<p>Schools get better fastest when teachers and administrators lead side by side. "
        "Here you will find school stories, practical guides and conversations to help your team begin.</p>"
    ),
    "hero_image": image("Home page hero"),
    "about": (
        "<p>Running a school has grown far beyond what one principal can carry. Collective leadership "
        "spreads that load on purpose: a team agrees why it needs to lead, then shares the decisions "
        "that matter most for students.</p>"
        "<p>Instead of training a handful of people to become leaders in general, it builds the skills "
        "each team needs for the work in front of it, in every classroom.</p>"
    ),
    "services": [
        (
            "service",
            {
                "title": "Consulting",
                "description": (
                    "Unsure where to begin? We help your team pin down the challenge, find its causes and plan a "
                    "response."
                ),
            },
        ),
        (
            "service",
            {
                "title": "Design days",
                "description": (
                    "Bring teachers, leaders and families into shaping how shared leadership will work in your setting."
                ),
            },
        ),
        (
            "service",
            {
                "title": "Facilitating communities of practice",
                "description": (
                    "Teams learn fastest from one another. We host networks that connect schools, districts and states."
                ),
            },
        ),
        (
            "service",
            {
                "title": "Online learning through interactive webinars",
                "description": "Hear from educators across the country without travelling. Join live, or watch later.",
                "page": page("webinars"),
            },
        ),
        (
            "service",
            {
                "title": "Online tools and resources",
                "description": "Explore school stories, voices from the field and the playbook before you dive in.",
                "page": page("playbook"),
            },
        ),
    ],
    "featured_story_items": [
        {"page": page("school-stories/stone-creek-elementary")},
        {"page": page("school-stories/pomona-unified")},
        {"page": page("school-stories/walker-gamble-elementary")},
    ],
    "voice_items": [
        {
            "person": person("Molly Spearman"),
            "quote": "Good teachers stay where colleagues work as a team and keep learning together.",
            "post": page("roundtable/collective-leadership-an-approach-not-a-program"),
        },
        {
            "person": person("Nader Twal"),
            "quote": "True leadership isn't threatened by the leadership of others.",
            "post": page("roundtable/building-collective-leadership-from-the-central-office"),
        },
        {
            "person": person("Tricia Ebner"),
            "quote": "Leadership grows in a building where asking for help is normal, not risky.",
            "post": page("roundtable/three-keys-to-foster-collective-leadership"),
        },
    ],
    "playbook_text": ("Tools your team can use to take stock, plan a first step, try it out and see what changed."),
    "playbook_page": page("playbook"),
    "contact_heading": "Ready to get started?",
    "contact_text": "Tell us about your school or district, and a member of our team will be in touch soon.",
}


# --- Pages below the home page ---------------------------------------------
# "path" is the page's address below the home page (its last part is the
# slug), "model" its page type. "create_only" holds values set when the page
# is first made and then left alone. Siblings appear in menus in this order.

ROUNDTABLE_POSTS = [
    {
        "path": "roundtable/why-collective-leadership-now",
        "model": "stories.RoundtablePostPage",
        "title": "Why our schools need collective leadership now",
        "search_description": "Barnett Berry opens the roundtable: why shared leadership, and what sets it apart.",
        "date": date(2019, 3, 5),
        "authors": [{"person": person("Barnett Berry")}],
        "conditions": [condition("vision-and-strategy"), condition("shared-influence")],
        "tags": ["collective leadership", "school leadership", "teacher leadership"],
        "hero_image": image("Roundtable opener hero"),
        "intro": (
            "Underfunded budgets, rising expectations and students carrying heavy burdens: no principal "
            "can meet all of it alone. In this first post, Barnett Berry asks what it would take for a "
            "whole staff to lead."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Our schools ask more of their leaders every year. The answer is not a stronger "
                    "principal with a few trusted teachers beside them. It is a culture in which every "
                    "educator helps shape how the school works and what it values.</p>"
                ),
            ),
            ("heading", {"text": "Sharing tasks is not sharing leadership"}),
            (
                "paragraph",
                (
                    "<p>Distributed leadership hands out jobs: someone runs the data team, someone else "
                    "plans the assembly. Collective leadership goes further. The team owns the results "
                    "together, so decisions, and the responsibility for them, are shared too.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": "When a whole staff owns the goal, leadership stops being a title and becomes a habit.",
                    "attribution": "Barnett Berry",
                    "role": "Founder, CTQ",
                },
            ),
            ("heading", {"text": "Three principles to start with"}),
            (
                "paragraph",
                (
                    "<ol><li><b>Start with purpose.</b> Agree on the problem for students before you "
                    "agree on roles.</li><li><b>Give time, not just titles.</b> Leadership without "
                    "protected time is only more work.</li><li><b>Share the results.</b> Look at the "
                    "evidence together and decide together what comes next.</li></ol>"
                ),
            ),
            (
                "question_answer",
                {
                    "question": "Who is this series for?",
                    "answer": "<p>Teachers, principals, district staff and state leaders: anyone "
                    "who wants to hear how colleagues are sharing the work of leading.</p>",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Ready to try it with your team?",
                    "text": "<p>The playbook walks you through the first conversations.</p>",
                    "link_label": "Open the playbook",
                    "page": page("playbook"),
                },
            ),
        ],
    },
    {
        "path": "roundtable/building-collective-leadership-from-the-central-office",
        "model": "stories.RoundtablePostPage",
        "title": "Building collective leadership from the central office",
        "search_description": (
            "Nader Twal of Long Beach Unified on how district leaders can help collective leadership take root."
        ),
        "date": date(2019, 3, 19),
        "authors": [{"person": person("Nader Twal")}],
        "conditions": [condition("supportive-administration"), condition("capacity-and-resources")],
        "tags": ["collective leadership", "district leadership"],
        "hero_image": image("Central office interview hero"),
        "intro": (
            "Nader Twal leads professional learning for Long Beach Unified. We asked him how a district "
            "office can help shared leadership grow, and where it tends to go wrong."
        ),
        "body": [
            (
                "question_answer",
                {
                    "question": "Working at the district level, how would you describe collective leadership?",
                    "answer": "<p>Schools are living communities, not machines with swappable parts. "
                    "Nobody holds every skill a school needs, so we name the strengths people have and "
                    "ask them to use them for the whole.</p>",
                },
            ),
            (
                "quote",
                {
                    "quote": "True leadership isn't threatened by the leadership of others.",
                    "attribution": "Nader Twal",
                    "role": "Long Beach Unified School District",
                },
            ),
            (
                "question_answer",
                {
                    "question": "Why do some shared leadership efforts change nothing for students?",
                    "answer": "<p>Because a new structure alone changes little. A seat at a meeting is "
                    "not the same as a voice. What matters is how the group makes decisions, and "
                    "whether it is allowed to try something and fail.</p>",
                },
            ),
            (
                "question_answer",
                {
                    "question": "What is the district's part once a school team has decided?",
                    "answer": "<p>Decide together, then execute in clear roles. My job is to fund, plan "
                    "and clear the way. Principals, teachers and support staff carry the work with "
                    "students, so their stake has to be honoured.</p>",
                },
            ),
            (
                "question_answer",
                {
                    "question": "Where should a district begin?",
                    "answer": "<ul><li>Protect time and money for the team, and give it real "
                    "decisions.</li><li>Coach people in how to reach agreement.</li><li>Plan how "
                    "the rest of the staff will hear about, and shape, what the team decides.</li></ul>",
                },
            ),
            (
                "related_pages",
                {
                    "heading": "Earlier in the roundtable",
                    "pages": [page("roundtable/why-collective-leadership-now")],
                },
            ),
        ],
    },
    {
        "path": "roundtable/collective-leadership-an-approach-not-a-program",
        "model": "stories.RoundtablePostPage",
        "title": "Collective leadership: An approach, not a program",
        "search_description": "Molly Spearman on why South Carolina treats collective leadership as a way of working.",
        "date": date(2019, 4, 2),
        "authors": [{"person": person("Molly Spearman")}],
        "conditions": [condition("vision-and-strategy"), condition("orientation-toward-improvement")],
        "tags": ["collective leadership", "state policy", "teacher leadership"],
        "hero_image": image("Approach not a program hero"),
        "intro": (
            "South Carolina's State Superintendent explains why the state backs collective leadership, "
            "and why she resists turning it into one more program."
        ),
        "body": [
            (
                "question_answer",
                {
                    "question": "Why did South Carolina invest in collective leadership?",
                    "answer": "<p>We want great teachers to stay. They stay where they are trusted, "
                    "where colleagues plan together and where everyone is still growing.</p>",
                },
            ),
            (
                "question_answer",
                {
                    "question": "What does the Collective Leadership Initiative offer schools?",
                    "answer": "<p>Coaching and a network for school teams that want to start or deepen "
                    "shared leadership. Each cohort learns from the ones before it.</p>",
                },
            ),
            (
                "quote",
                {
                    "quote": "A program ends when the grant does. A way of working stays with the people who own it.",
                    "attribution": "Molly Spearman",
                    "role": "State Superintendent of Education, South Carolina",
                },
            ),
            (
                "question_answer",
                {
                    "question": "What would you tell a principal who is hesitant?",
                    "answer": "<p>Start small and start with a real problem. Invite the teachers who "
                    "care most about it, and let the results persuade everyone else.</p>",
                },
            ),
            (
                "related_pages",
                {
                    "heading": "More from the roundtable",
                    "pages": [
                        page("roundtable/why-collective-leadership-now"),
                        page("roundtable/building-collective-leadership-from-the-central-office"),
                    ],
                },
            ),
        ],
    },
    {
        "path": "roundtable/three-keys-to-foster-collective-leadership",
        "model": "stories.RoundtablePostPage",
        "title": "Three keys to foster collective leadership",
        "search_description": (
            "Tricia Ebner, a teacher in Hartville, Ohio, on the habits that let shared leadership thrive."
        ),
        "date": date(2019, 4, 16),
        "authors": [{"person": person("Tricia Ebner")}],
        "conditions": [condition("relationships-and-social-norms"), condition("shared-influence")],
        "tags": ["collective leadership", "teacher leadership", "shared influence"],
        "hero_image": image("Three keys hero"),
        "intro": (
            "Writing as a working teacher, Tricia Ebner names three habits that help teachers and "
            "administrators build a climate where leadership belongs to everyone."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Collective leadership rarely arrives with a memo. In my experience it grows from "
                    "small, repeated choices that teachers and administrators make every week.</p>"
                ),
            ),
            ("heading", {"text": "1. Ask, then listen"}),
            (
                "paragraph",
                (
                    "<p>Invite ideas before the decision is made, not after. Then show what changed "
                    "because people spoke up.</p>"
                ),
            ),
            ("heading", {"text": "2. Make room to try"}),
            (
                "paragraph",
                (
                    "<p>Give teachers permission to pilot something small and report back honestly, "
                    "including when it did not work.</p>"
                ),
            ),
            ("heading", {"text": "3. Celebrate shared wins"}),
            (
                "paragraph",
                "<p>Name the team, not only the person at the front, when students benefit.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Leadership grows in a building where asking for help is normal, not risky.",
                    "attribution": "Tricia Ebner",
                    "role": "Intervention specialist for gifted students, Hartville, Ohio",
                },
            ),
            (
                "question_answer",
                {
                    "question": "What can a teacher do tomorrow?",
                    "answer": "<p>Offer to open your classroom to a colleague, and ask them to open theirs to you.</p>",
                },
            ),
        ],
    },
]

WEBINARS = [
    {
        "path": "webinars/why-collective-leadership-and-why-now",
        "model": "webinars.WebinarPage",
        "title": "Why collective leadership, and why now?",
        "search_description": "Recording: Barnett Berry and Nader Twal on the case for shared leadership in schools.",
        "create_only": {"start": StartsIn(days=-35, hour=15, zone=EASTERN)},
        "series": series("collective-leadership"),
        "time_zone": EASTERN,
        "duration_minutes": 60,
        "summary": (
            "The opening session: what collective leadership is, what it is not, and why districts are trying it."
        ),
        "description": (
            "<p>Barnett Berry and Nader Twal compare notes on shared leadership in a classroom, a school "
            "and a district office, then take questions from participants.</p>"
        ),
        "presenters": [{"person": person("Barnett Berry")}, {"person": person("Nader Twal")}],
        "conditions": [condition("vision-and-strategy")],
        "hero_image": image("Why collective leadership webinar hero"),
        "recording_url": "https://www.youtube.com/results?search_query=collective+leadership+webinar",
        "recording_transcript": (
            "<p>Narrator: The opening session of the collective leadership series. The two presenters "
            "describe shared leadership at three levels in turn: a classroom, a school and a district "
            "office. The second half of the hour is questions from participants.</p>"
        ),
    },
    {
        "path": "webinars/building-the-conditions",
        "model": "webinars.WebinarPage",
        "title": "Building the conditions: vision and shared influence",
        "search_description": "A live webinar on two of the seven system conditions for collective leadership.",
        "create_only": {"start": StartsIn(days=14, hour=15, zone=EASTERN)},
        "series": series("collective-leadership"),
        "time_zone": EASTERN,
        "duration_minutes": 60,
        "summary": "How teams agree on a shared vision and give teachers a genuine say in the decisions that follow.",
        "description": (
            "<p>Tricia Ebner and Barnett Berry work through two guides from the playbook. Bring a "
            "colleague and a real decision your school is facing.</p>"
            "<ul><li>Test how widely your vision is shared</li><li>Map who decides what today</li>"
            "<li>Pick one decision to share next term</li></ul>"
        ),
        "presenters": [{"person": person("Tricia Ebner")}, {"person": person("Barnett Berry")}],
        "conditions": [condition("vision-and-strategy"), condition("shared-influence")],
        "hero_image": image("Building the conditions webinar hero"),
        # Small, so the waitlist can be tried on the demo site.
        "capacity": 3,
        "join_url": "https://meet.example.org/ctq-building-the-conditions",
    },
    {
        "path": "webinars/from-pilot-to-practice",
        "model": "webinars.WebinarPage",
        "title": "From pilot to practice: sustaining collective leadership",
        "search_description": "A live webinar on keeping shared leadership going after the first pilot.",
        "create_only": {"start": StartsIn(days=42, hour=15, zone=EASTERN)},
        "series": series("collective-leadership"),
        "time_zone": EASTERN,
        "duration_minutes": 75,
        "summary": "What it takes for a promising pilot to become the way a school or a whole state works.",
        "description": (
            "<p>Molly Spearman and Nader Twal discuss scaling shared leadership across cohorts of "
            "schools, and what state and district offices can do to keep it going.</p>"
        ),
        "presenters": [{"person": person("Molly Spearman")}, {"person": person("Nader Twal")}],
        "conditions": [condition("capacity-and-resources"), condition("orientation-toward-improvement")],
        "hero_image": image("From pilot to practice webinar hero"),
        "capacity": 100,
        "join_url": "https://meet.example.org/ctq-from-pilot-to-practice",
    },
]

CASE_STUDIES = [
    {
        "path": "school-stories/stone-creek-elementary",
        "model": "stories.CaseStudyPage",
        "title": "From one leader to many leaders",
        "seo_title": "Stone Creek Elementary: from one leader to many leaders",
        "search_description": "How Stone Creek Elementary moved from a single leader to a staff that leads together.",
        "summary": (
            "Stone Creek Elementary set out to move from one person carrying every decision to a staff "
            "where many teachers lead. This is how the shift began."
        ),
        "school": "Stone Creek Elementary",
        "state": "",
        "hero_image": image("Stone Creek Elementary hero"),
        "conditions": [condition("supportive-administration"), condition("shared-influence")],
        "body": [
            ("heading", {"text": "Where they started"}),
            (
                "paragraph",
                (
                    "<p>Decisions ran through the front office, and good ideas from classrooms often "
                    "stalled there. Staff wanted a bigger say; the principal wanted to share the load.</p>"
                ),
            ),
            ("heading", {"text": "What changed"}),
            (
                "paragraph",
                (
                    "<p>A small team of teachers and the principal agreed on one student goal and met "
                    "every week to pursue it. As trust grew, more colleagues joined and took on parts "
                    "of the work.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": "We stopped waiting to be asked. The question became who is best placed to lead this.",
                    "attribution": "A Stone Creek teacher leader",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Want to make the same shift?",
                    "text": "<p>Tell us where your school is starting from.</p>",
                    "link_label": "Get in touch",
                    "page": CONTACT,
                },
            ),
        ],
    },
    {
        "path": "school-stories/pomona-unified",
        "model": "stories.CaseStudyPage",
        "title": "Teacher-led learning as a lever for equity",
        "seo_title": "Pomona Unified: teacher-led learning as a lever for equity",
        "search_description": (
            "How Pomona Unified School District used teacher-led learning to spread excellent practice."
        ),
        "summary": (
            "Pomona Unified answered a finding of significant disproportionality by asking its strongest "
            "teachers to lead their colleagues' learning, turning isolated bright spots into a system."
        ),
        "school": "",  # a district-wide story
        "district": district("Pomona Unified School District"),
        "state": "CA",
        "hero_image": image("Pomona Unified hero"),
        "conditions": [
            condition("capacity-and-resources"),
            condition("enabling-work-structures"),
            condition("orientation-toward-improvement"),
        ],
        "body": [
            ("heading", {"text": "The context"}),
            (
                "paragraph",
                (
                    "<p>When the state flagged PUSD for <i>significant disproportionality</i>, district "
                    "leaders saw that a few excellent classrooms were not enough. Every student needed "
                    "access to that excellence, so the teachers behind it had to be able to share it.</p>"
                ),
            ),
            ("heading", {"text": "Teacher specialists"}),
            (
                "paragraph",
                (
                    "<p>Teacher specialists work toward one district-wide aim, fairer learning for every "
                    "student, while choosing how to use their own strengths to get there. That mix of "
                    "common direction and personal freedom is deliberate.</p>"
                ),
            ),
            ("heading", {"text": "Co-teaching", "level": "h3"}),
            (
                "paragraph",
                (
                    "<p>Co-teaching lets teachers lead without leaving their students. The videos below "
                    "open on YouTube.</p>"
                ),
            ),
            (
                "video",
                {
                    "url": "https://www.youtube.com/results?search_query=pomona+unified+co-teaching+sixth+grade",
                    "title": "Jamie and Paula co-teach sixth grade (2018–2019)",
                    "poster": image("Co-teaching in sixth grade video still"),
                    "caption": "Two teachers share one sixth grade classroom and its planning.",
                    "transcript": (
                        "<p>Narrator: Two teachers co-teach a sixth grade class. They plan a unit side by "
                        "side, then one leads the lesson while the other works with small groups.</p>"
                    ),
                },
            ),
            (
                "video",
                {
                    "url": "https://www.youtube.com/results?search_query=pomona+unified+third+grade+co-teaching",
                    "title": "Ms. Alvarez's third grade class",
                    "poster": image("Co-teaching in third grade video still"),
                    "caption": "A third grade teacher leads her colleagues and keeps her own class.",
                    "transcript": (
                        "<p>Narrator: A third grade class during a lesson, then a meeting where its teacher "
                        "works through the next unit with colleagues from other classrooms.</p>"
                    ),
                },
            ),
            (
                "video",
                {
                    "url": "https://www.youtube.com/results?search_query=pomona+unified+teacher+specialists",
                    "title": "How the teacher specialist roles began",
                    "poster": image("Teacher specialist roles video still"),
                    "transcript": (
                        "<p>Narrator: How Pomona Unified created its teacher specialist roles: teachers who "
                        "keep a classroom and also lead work across the district.</p>"
                    ),
                },
            ),
            ("heading", {"text": "Math modeling", "level": "h3"}),
            (
                "paragraph",
                (
                    "<p>Teachers from across the district studied Mathematical Mindsets together and "
                    "brought math modeling into their lessons. Students now spend more time framing "
                    "real problems and less time copying procedures.</p>"
                ),
            ),
            (
                "video",
                {
                    "url": "https://www.youtube.com/results?search_query=pomona+unified+math+modeling",
                    "title": "Math modeling in Pomona classrooms",
                    "poster": image("Math modeling video still"),
                    "transcript": (
                        "<p>Narrator: Students in Pomona classrooms work in groups on real problems, "
                        "choosing what to measure and testing their models, while teachers move between "
                        "the groups.</p>"
                    ),
                },
            ),
            (
                "paragraph",
                (
                    "<p><i>Source: A National Leader in Math Modeling. Authors: Kaitlyn Loop, Aria "
                    "Beaupre, Athena Li and Rachel Levy; reviewed by the 2018 PUSD IMMERSION cohort. "
                    "Funding: National Science Foundation, 2015–2018 (NSF-STEM-C, NSF-1441024).</i></p>"
                ),
            ),
            ("heading", {"text": "Science", "level": "h3"}),
            (
                "paragraph",
                (
                    "<p>New science standards asked a lot of elementary teachers. Teachers of grades 4 to 6 "
                    "spent three years deepening their content knowledge, and many now lead the "
                    "professional learning they once attended.</p>"
                ),
            ),
            (
                "statistic",
                {"figure": "3 years", "label": "of teacher-led science learning for grades 4–6"},
            ),
            ("heading", {"text": "New teacher induction", "level": "h3"}),
            (
                "paragraph",
                (
                    "<p>Induction used to look the same for everyone. It is now personal: mentors start "
                    "from what each new teacher can already do, and trust matters more than checklists. "
                    "New teachers report feeling more capable as a result.</p>"
                ),
            ),
            (
                "table",
                {
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Teacher-led learning in PUSD at a glance",
                    "data": [
                        ["Strand", "Who leads", "Focus"],
                        ["Co-teaching", "Teacher specialists", "Leading while still teaching"],
                        ["Math modeling", "Classroom teachers", "Real-world problem solving"],
                        ["Science", "Grade 4–6 teachers", "Content knowledge and leadership"],
                        ["Induction", "Mentor teachers", "Personal growth over compliance"],
                    ],
                },
            ),
            (
                "quote",
                {
                    "quote": "The best ideas were already in our classrooms. We just had to let them travel.",
                    "attribution": "A PUSD teacher specialist",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Could your team tell a story like this?",
                    "text": "<p>We help districts capture and share what their teachers are leading.</p>",
                    "link_label": "Contact us",
                    "page": CONTACT,
                },
            ),
        ],
    },
    {
        "path": "school-stories/walker-gamble-elementary",
        "model": "stories.CaseStudyPage",
        "title": "Leading improvement, together",
        "seo_title": "Walker-Gamble Elementary: leading improvement, together",
        "search_description": (
            "A rural Title 1 school in South Carolina draws on every educator's talent to help students."
        ),
        "summary": (
            "A Title 1 school in a small rural district, Walker-Gamble Elementary had big goals and a "
            "stretched staff. The South Carolina Collective Leadership Initiative helped it use every "
            "educator's strengths."
        ),
        "school": "Walker-Gamble Elementary",
        "district": district("South Carolina Department of Education"),
        "state": "SC",
        "hero_image": image("Walker-Gamble Elementary hero"),
        "conditions": [
            condition("vision-and-strategy"),
            condition("relationships-and-social-norms"),
            condition("shared-influence"),
        ],
        "body": [
            ("heading", {"text": "Big goals, stretched people"}),
            (
                "paragraph",
                (
                    "<p>The school had promised to prepare its students for a fast-changing world, but "
                    "the gap between that promise and the staff's daily capacity kept growing.</p>"
                ),
            ),
            ("heading", {"text": "Joining the initiative"}),
            (
                "paragraph",
                (
                    "<p>Through the South Carolina Collective Leadership Initiative, a team of teachers "
                    "and administrators set one shared goal, tried a small change and studied what "
                    "happened before widening it.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": "We found out how much expertise was already in the building once we asked for it.",
                    "attribution": "A Walker-Gamble team member",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Curious what this could look like for you?",
                    "link_label": "Get in touch",
                    "page": CONTACT,
                },
            ),
        ],
    },
]


def _guide_cta(heading):
    return [
        (
            "call_to_action",
            {
                "heading": heading,
                "text": "<p>Tell us where your team is stuck or what it wants to try next.</p>",
                "link_label": "Connect with our team",
                "page": CONTACT,
            },
        )
    ]


def _section(title, goal, questions, tasks, **extra):
    return ("section", {"title": title, "goal": goal, "big_questions": questions, "important_tasks": tasks, **extra})


SINEK_TALK = "https://www.ted.com/talks/simon_sinek_how_great_leaders_inspire_action"

OVERVIEW_SECTIONS = [
    _section(
        "Understanding your team's why",
        "Establish a theory of action",
        [
            "How much leadership talent do we already have among our teachers?",
            "What could the adults in this school achieve for students if they owned the work together?",
            "Which top-down habits are we ready to drop, and what will we make room for?",
            "When this works, what will be different for students and staff?",
        ],
        [
            (
                f'<p>Watch Simon Sinek\'s TED talk, <a href="{SINEK_TALK}">How Great Leaders Inspire Action</a>, '
                "and talk about what it means for your team.</p>"
            ),
            (
                "<p>Gather a small group of stakeholders to draft the why, and make sure the way you draft it is "
                "itself shared.</p>"
            ),
            "<p>Plan how you will share the why so colleagues own it rather than merely accept it.</p>",
            "<p>Fill in the graphic organizer together, then write your theory of action.</p>",
        ],
        introduction=(
            "<p>Leading a school is now too big a job for one person, and many teachers want to help "
            "lead. Start by agreeing why your school should share leadership at all.</p>"
        ),
        goal_detail="<p>A short, shared statement of how shared leadership will lead to better learning here.</p>",
        graphic_organizer={
            "prompt": "When collective leadership is working in our school, what will people...",
            "think": "Every adult here can help lead improvement.",
            "see": "Teachers running meetings and visiting each other's classrooms.",
            "say": "Let's test it and look at what happens.",
            "hear": "Evidence from student work, rather than titles, settling debates.",
            "feel": "Trusted, stretched and supported.",
        },
        connect={
            "message": (
                "A theory of action is hard to write before the goal and the problem are clear. Name those first; we "
                "can help you link them."
            ),
            "link_label": "Get help with your theory of action",
            "page": CONTACT,
        },
    ),
    _section(
        "Designing your how",
        "Prepare to lead action",
        [
            "How will staff help design the plan, so the process itself models shared leadership?",
            "What new knowledge and skills will people need, and how will they learn them?",
            "Whose roles and daily habits will change, and how will we agree on those changes?",
        ],
        [
            (
                "<p>Sort the changes ahead into technical fixes and adaptive shifts, and list the skills and roles "
                "each needs.</p>"
            ),
            "<p>Agree how the team will handle the friction that new roles bring.</p>",
            "<p>Choose the order in which you will work on the seven conditions, and protect time for it.</p>",
        ],
        connect={"message": "Want a thinking partner while you plan? We are glad to help.", "page": CONTACT},
    ),
    _section(
        "Implementing your plan",
        "Launch your team's test, gather data, then study the results",
        [
            "Which problem for students are we trying to solve?",
            "What benefits do we expect for teachers and for students?",
            "Who else might benefit, and how will we know?",
        ],
        [
            "<p>Start with a small pilot group that chose to take part; mandates rarely build ownership.</p>",
            "<p>Ask the pilot group to pick one problem of practice to work on.</p>",
            (
                "<p>Collect evidence as you go, then decide whether to stay with this condition or move to the next "
                "guide.</p>"
            ),
        ],
        introduction=(
            "<p>Teams do best when they tie shared leadership to a specific problem in their school, "
            "such as building relationships with every student or spreading strong practice across "
            "the staff.</p>"
        ),
    ),
]

# One guide per condition: (slug, title, intro, sections).
CONDITION_GUIDES = [
    (
        "vision-and-strategy",
        "Shaping a shared vision and strategy",
        "Check whether your school's direction is truly shared, then turn it into a few clear priorities.",
        [
            _section(
                "Take stock of the vision",
                "Find out how widely the vision is shared",
                [
                    "Could most staff describe where the school is heading?",
                    "Who helped write the current vision, and who was left out?",
                ],
                [
                    (
                        "<p>Ask five colleagues to describe the school's direction in one sentence and compare the "
                        "answers.</p>"
                    ),
                    "<p>List the groups whose voices are missing.</p>",
                ],
            ),
            _section(
                "Turn vision into strategy",
                "Agree on two or three priorities",
                ["Which priorities matter most for students this year?", "How will we track progress on each?"],
                [
                    "<p>Draft priorities with a mixed group of teachers and leaders.</p>",
                    "<p>Choose one measure for each priority and a date to review it.</p>",
                ],
            ),
        ],
    ),
    (
        "supportive-administration",
        "Leading as a supportive administrator",
        "For principals and district staff: how to make room for others to lead and back the decisions they make.",
        [
            _section(
                "Step back on purpose",
                "Hand over a real decision",
                [
                    "Which decisions could teachers make as well as, or better than, administrators?",
                    "What support would they need to make them?",
                ],
                [
                    "<p>Pick one decision to share this term and say so publicly.</p>",
                    "<p>Agree in advance how you will respond if you disagree with the result.</p>",
                ],
            ),
            _section(
                "Back the team",
                "Show that shared decisions stick",
                [
                    "How do staff know their decisions will be honoured?",
                    "What happens when a shared decision does not work?",
                ],
                [
                    "<p>Report back on each shared decision and what came of it.</p>",
                    "<p>Treat failed pilots as learning, in public.</p>",
                ],
            ),
        ],
    ),
    (
        "capacity-and-resources",
        "Building capacity and finding resources",
        "Make sure the people leading the work have the skills, time and resources it needs.",
        [
            _section(
                "Map what you have",
                "Know your team's strengths and gaps",
                ["Which skills does the team already have?", "Where will it need training or outside help?"],
                ["<p>Build a simple skills map with the team.</p>", "<p>Note which gaps block progress now.</p>"],
            ),
            _section(
                "Fund the work",
                "Match time and money to the plan",
                ["What could we stop doing to free up time?", "Which budgets could support teacher leadership?"],
                [
                    "<p>Cost out the plan, including release time.</p>",
                    "<p>Ask the district about funds you might combine.</p>",
                ],
            ),
        ],
    ),
    (
        "enabling-work-structures",
        "Designing enabling work structures",
        "Adjust schedules, roles and routines so educators can plan, learn and decide together.",
        [
            _section(
                "Review your routines",
                "See how time is used now",
                [
                    "When do teachers meet, and what do those meetings decide?",
                    "Which meetings could be dropped or merged?",
                ],
                [
                    "<p>Audit a month of meetings for purpose and outcome.</p>",
                    "<p>Propose one change to the schedule.</p>",
                ],
            ),
            _section(
                "Design new roles",
                "Create roles that let teachers lead and still teach",
                [
                    "Which hybrid roles, such as co-teaching, would fit our school?",
                    "How will we know if a role is working?",
                ],
                [
                    "<p>Sketch one hybrid role with its time and duties.</p>",
                    "<p>Pilot it for a term and review it together.</p>",
                ],
            ),
        ],
    ),
    (
        "relationships-and-social-norms",
        "Strengthening relationships and social norms",
        "Build the trust and shared agreements that let colleagues take risks and disagree well.",
        [
            _section(
                "Name your norms",
                "Write norms the team will actually use",
                ["How do we behave when we disagree?", "How do we make sure every voice is heard?"],
                [
                    "<p>Draft three to five norms together and post them at every meeting.</p>",
                    "<p>Check the norms at the end of each meeting.</p>",
                ],
            ),
            _section(
                "Build trust",
                "Make it safe to try and to fail",
                ["Where does trust break down today?", "What small signals would show that trust is growing?"],
                [
                    "<p>Open classrooms to colleagues for short, low-stakes visits.</p>",
                    "<p>Share one thing that did not work and what you learned.</p>",
                ],
            ),
        ],
    ),
    (
        "shared-influence",
        "Growing shared influence",
        "Give teachers a genuine say in decisions about instruction, priorities and how the school runs.",
        [
            _section(
                "Map decision-making",
                "See who decides what",
                [
                    "Which decisions do teachers influence today?",
                    "Where would their say make the biggest difference for students?",
                ],
                ["<p>List the school's main decisions and who makes each.</p>", "<p>Mark the ones to share first.</p>"],
            ),
            _section(
                "Share a decision",
                "Make one decision together, end to end",
                ["How will we decide: consensus, vote or consent?", "How will we tell the rest of the staff?"],
                [
                    "<p>Agree the decision method before debating the options.</p>",
                    "<p>Publish the decision and the reasons for it.</p>",
                ],
            ),
        ],
    ),
    (
        "orientation-toward-improvement",
        "Building an orientation toward improvement",
        "Make testing, studying and adjusting part of how your team works every week.",
        [
            _section(
                "Choose a test",
                "Plan a small, fast trial",
                ["What change could we try within a month?", "What evidence would tell us it helped?"],
                [
                    "<p>Write a one-page plan: the change, the evidence, the date to review.</p>",
                    "<p>Collect a baseline before you start.</p>",
                ],
            ),
            _section(
                "Study and adjust",
                "Decide what to keep, change or drop",
                ["What did the evidence show?", "What will we do differently in the next round?"],
                [
                    "<p>Review the evidence together and record the decision.</p>",
                    "<p>Share the results with the whole staff.</p>",
                ],
            ),
        ],
    ),
]

STRATEGY_GUIDES = [
    {
        "path": "playbook/overview",
        "model": "playbook.StrategyGuidePage",
        "title": "Playbook overview: getting started",
        "search_description": "Start here: find your team's why, design your how and launch a first test.",
        "condition": None,
        "intro": "Begin every playbook journey here: agree why you are sharing leadership, plan how, then test it.",
        "sections": OVERVIEW_SECTIONS,
        "call_to_action": _guide_cta("Want help planning your first steps?"),
    },
] + [
    {
        "path": f"playbook/{slug}",
        "model": "playbook.StrategyGuidePage",
        "title": title,
        "search_description": intro,
        "condition": condition(slug),
        "intro": intro,
        "sections": sections,
        "call_to_action": _guide_cta("Want support with this condition?"),
    }
    for slug, title, intro, sections in CONDITION_GUIDES
]

PAGES = [
    {
        "path": "school-stories",
        "model": "stories.StoryIndexPage",
        "title": "School stories",
        "search_description": "Case studies of schools and districts building collective leadership.",
        "show_in_menus": True,
        "intro": (
            "<p>What does shared leadership look like in practice? These stories follow schools and "
            "districts that have tried it.</p>"
        ),
    },
    *CASE_STUDIES,
    {
        "path": "roundtable",
        "model": "stories.RoundtableIndexPage",
        "title": "Roundtable: Collective leadership",
        "seo_title": "Roundtable on collective leadership",
        "search_description": "A two-month blog series: Collective Leadership: From Shared Goals to Sustainability.",
        "show_in_menus": True,
        "intro": (
            "<p>Schools face tight budgets, rising expectations and students carrying more than ever. "
            "Meeting that takes leadership from the whole staff.</p>"
            "<p>Over two months, our roundtable <i>Collective Leadership: From Shared Goals to "
            "Sustainability</i> hears from a teacher, a district leader and a state superintendent "
            "about how they share the work, starting with our founder, Barnett Berry.</p>"
        ),
        "hashtag": "#CTQCollab",
        "series_footer": (
            "<p>The series is <i>Collective Leadership: From Shared Goals to Sustainability</i>. Read the "
            "rest of it, then add your own story with #CTQCollab.</p>"
        ),
    },
    *ROUNDTABLE_POSTS,
    {
        "path": "webinars",
        "model": "webinars.WebinarIndexPage",
        "title": "Webinars",
        "seo_title": "Collective leadership webinars",
        "search_description": "Join a live collective leadership webinar, or watch a past session.",
        "show_in_menus": True,
        "intro": (
            "<p>Our webinar series brings educators from across the country to you. Take part live and "
            "ask questions, or watch the recording when it suits you.</p>"
        ),
    },
    *WEBINARS,
    {
        "path": "playbook",
        "model": "playbook.PlaybookPage",
        "title": "The collective leadership playbook",
        "search_description": (
            "Strategy guides for teams building collective leadership, organised by the seven system conditions."
        ),
        "show_in_menus": True,
        "definition": (
            "<p>Collective leadership is a way of working in which teachers and administrators share "
            "the decisions that shape student learning and the life of the school. It begins with the "
            "purpose of leading, not a job title, and builds the skills to lead inside every team.</p>"
        ),
        "quote": "It’s never about the role; it’s always about the goal.",
        "quote_attribution": "Lisa Haisha",
        "effective_definition": (
            "Effective collective leadership means educators share leadership in ways that truly move "
            "their schools forward, toward excellent and equitable learning for every student."
        ),
        "conditions_intro": (
            "<p>Seven conditions in a school system make shared leadership likelier to take hold and "
            "last. Use the table to see where your team is strong and where it needs work.</p>"
        ),
        "guides_intro": (
            "<p>Each strategy guide is a discussion tool for a team of teachers and administrators. "
            "Begin with the overview, then pick the condition where your need, or your strength, is "
            "greatest. Whichever you choose, choose it on purpose.</p>"
        ),
        "body": [
            (
                "call_to_action",
                {
                    "heading": "Not sure which path fits your school?",
                    "text": "<p>Send us a note and we will help you choose.</p>",
                    "link_label": "Get in touch",
                    "page": CONTACT,
                },
            )
        ],
    },
    *STRATEGY_GUIDES,
    {
        "path": "playbook/self-assessment",
        "model": "assessment.SelfAssessmentPage",
        "title": "Team readiness self-assessment",
        "search_description": "Rate your team on the seven system conditions and find your greatest need and strength.",
        "intro": (
            "<p>Where does your team stand on the seven system conditions? Rate three statements for each, "
            "from not yet to established. It takes about ten minutes, and the results suggest where to "
            "start: your greatest need, your greatest strength, and what to read for each.</p>"
        ),
        "team_intro": (
            "<p>Start a team assessment to get a link for your colleagues. Each person answers alone; the "
            "team's page shows the average for every condition and where views differ, never anyone's own "
            "answers, once five people have answered. A second, private link lets you close the assessment once everyone has answered.</p>"
        ),
        "results_intro": (
            "<p>Treat these results as the start of a conversation, not a grade. Where a score is low, or "
            "answers are far apart, ask what people were thinking of when they answered.</p>"
        ),
    },
    {
        "path": "about",
        "model": "home.StandardPage",
        "title": "About us",
        "seo_title": "About Collective Leadership",
        "search_description": "Who we are and how we help schools and districts share leadership.",
        "show_in_menus": True,
        "intro": "We help teachers and administrators lead their schools together.",
        "hero_image": image("About us hero"),
        "body": [
            (
                "paragraph",
                (
                    "<p>We believe public schools improve for every student when the people closest to "
                    "students help lead. Our team works alongside schools, districts and states to make "
                    "that happen.</p>"
                ),
            ),
            ("heading", {"text": "Why it matters"}),
            (
                "paragraph",
                (
                    "<p>Principals now juggle budgets, staffing, community work and instruction. Many "
                    "teachers, meanwhile, want to help lead improvement. Shared leadership puts those two "
                    "facts together.</p>"
                ),
            ),
            (
                "statistic",
                {"figure": "1 in 4", "label": "teachers want to help lead improvement in their schools"},
            ),
            ("heading", {"text": "How we work"}),
            (
                "paragraph",
                (
                    "<ul><li>Consulting and design days</li><li>Communities of practice</li>"
                    "<li>Interactive webinars</li><li>Free tools, including the playbook</li></ul>"
                ),
            ),
            (
                "related_pages",
                {"heading": "Start exploring", "pages": [page("playbook"), page("school-stories")]},
            ),
            (
                "call_to_action",
                {
                    "heading": "Let's talk about your team",
                    "link_label": "Get in touch",
                    "page": CONTACT,
                },
            ),
        ],
    },
    {
        "path": "contact",
        "model": "formpages.FormPage",
        "title": "Contact us",
        "search_description": "Send us a message about collective leadership in your school or district.",
        "show_in_menus": True,
        "intro": (
            "<p>Tell us a little about your school or district and what you hope to do. We read every message.</p>"
        ),
        "thank_you_text": "<p>Thank you for writing. A member of our team will reply to you soon.</p>",
        "to_address": "hello@example.org",
        "from_address": "website@example.org",
        "subject": "New message from the Collective Leadership website",
        "send_confirmation": True,
        "confirmation_subject": "We have your message",
        "confirmation_text": (
            "Thank you for contacting Collective Leadership. Your message has reached our team, "
            "and one of us will write back within a few working days."
        ),
        "form_fields": [
            {"label": "Name", "field_type": "singleline", "required": True},
            {"label": "Email", "field_type": "email", "required": True},
            {"label": "School or district", "field_type": "singleline", "required": False},
            {
                "label": "Role",
                "field_type": "dropdown",
                "required": False,
                "choices": choices("Teacher", "School administrator", "District staff", "Other"),
            },
            {"label": "Message", "field_type": "multiline", "required": True},
        ],
    },
    {
        "path": "readiness-survey",
        "model": "formpages.FormPage",
        "title": "Readiness survey",
        "search_description": "Tell us where your team is in its collective leadership work.",
        "intro": "<p>A few questions about where your team is today.</p>",
        "thank_you_text": "<p>Thanks for taking the survey. We will use your answers to suggest a good next step.</p>",
        # No address of its own: notifications go to the contact email in the site settings.
        "to_address": "",
        "from_address": "website@example.org",
        "subject": "New readiness survey response",
        "send_confirmation": True,
        "confirmation_subject": "Your readiness survey",
        "confirmation_text": (
            "Thank you for taking the readiness survey. We will read your answers and suggest "
            "a next step for your team."
        ),
        "form_fields": [
            {"label": "Name", "field_type": "singleline", "required": True},
            {"label": "Email", "field_type": "email", "required": True},
            {"label": "School", "field_type": "singleline", "required": True},
            {
                "label": "Role",
                "field_type": "dropdown",
                "required": True,
                "choices": choices("Teacher", "School administrator", "District staff", "Other"),
            },
            {
                "label": "Where is your team?",
                "field_type": "radio",
                "required": True,
                "choices": choices(
                    "Exploring the idea",
                    "Planning our first steps",
                    "Testing a pilot",
                    "Spreading and sustaining the work",
                ),
            },
            {
                "label": "Which conditions are strongest?",
                "field_type": "checkboxes",
                "required": False,
                "help_text": "Tick any that are already in place.",
                "choices": choices(*(item["name"] for item in CONDITIONS)),
            },
            {"label": "What would help most?", "field_type": "multiline", "required": True},
        ],
    },
    {
        "path": "privacy-policy",
        "model": "home.StandardPage",
        "title": "Privacy policy",
        "search_description": "What we collect through this site and how we use it.",
        "intro": "What we collect when you use this site, and what we do with it.",
        "body": [
            ("heading", {"text": "What we collect"}),
            (
                "paragraph",
                (
                    "<p>Only what you send us through our forms, such as your name, email address and "
                    "message, plus webinar registrations.</p>"
                ),
            ),
            ("heading", {"text": "How we use it"}),
            (
                "paragraph",
                (
                    "<p>To reply to you, to run the webinars you sign up for and to improve our support. "
                    "We do not sell your information.</p>"
                ),
            ),
            ("heading", {"text": "Your choices"}),
            (
                "paragraph",
                "<p>You can ask us to show, correct or delete what we hold about you at any time.</p>",
            ),
            (
                "call_to_action",
                {"heading": "Questions about your data?", "link_label": "Contact us", "page": CONTACT},
            ),
        ],
    },
]
