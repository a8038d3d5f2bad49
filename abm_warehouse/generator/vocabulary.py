"""Word lists and code vocabularies of the demo story.

Every code the demo writes into an extract (stage names, lead sources, buying roles, form
types, ...) comes from here, so the configuration seeds and the staging layer's accepted
values can be checked against one place.
"""

from __future__ import annotations

BRAND_NAME = "Lumenfold"
BRAND_SITE = "https://www.lumenfold.com"

# --- Firmographics ---------------------------------------------------------------------------
INDUSTRY_NAME_PARTS: dict[str, tuple[str, ...]] = {
    "Software": ("Software", "Labs", "Cloud", "Systems", "Data"),
    "Financial Services": ("Capital", "Bank", "Insurance", "Payments"),
    "Healthcare": ("Health", "Medical", "Care", "Pharma"),
    "Manufacturing": ("Manufacturing", "Industries", "Robotics", "Materials"),
    "Professional Services": ("Consulting", "Partners", "Advisory"),
    "Retail": ("Retail", "Stores", "Goods"),
    "Education": ("Learning", "Academy", "Education"),
    "Media": ("Media", "Studios", "Publishing"),
    "Public Sector": ("Agency", "Council", "Services"),
    "Energy": ("Energy", "Power", "Renewables"),
    "Logistics": ("Logistics", "Freight", "Shipping"),
    "Hospitality": ("Hotels", "Hospitality", "Travel"),
}
ICP_INDUSTRIES = ("Software", "Financial Services", "Healthcare", "Manufacturing",
                  "Professional Services")
NON_ICP_INDUSTRIES = tuple(i for i in INDUSTRY_NAME_PARTS if i not in ICP_INDUSTRIES)

NAME_PREFIXES = (
    "Acme", "Apex", "Arbor", "Aster", "Beacon", "Birch", "Bluefin", "Brightwave", "Cedar",
    "Cobalt", "Crestline", "Deltaform", "Emberly", "Falconer", "Fernhill", "Granite", "Harbor",
    "Helix", "Indigo", "Ironclad", "Juniper", "Keystone", "Larkspur", "Maple", "Meridian",
    "Nimbus", "Northgate", "Oakridge", "Onyx", "Orbital", "Pinecrest", "Pioneer", "Quartz",
    "Ravenna", "Ridgeway", "Riverton", "Sable", "Sierra", "Silverline", "Slate", "Spruce",
    "Stonebridge", "Summit", "Terra", "Tidewater", "Vector", "Willow", "Zenith", "Alder",
    "Bramble", "Canyon", "Driftwood", "Evergreen", "Foxglove", "Glacier", "Hawthorn", "Ivory",
    "Kestrel", "Lighthouse", "Marigold", "Nova", "Obsidian", "Polaris", "Redwood", "Saffron",
    "Thistle", "Upland", "Vireo", "Wren", "Yarrow",
)

ICP_COUNTRIES = ("US", "GB", "DE", "FR", "NL", "CA", "IE", "SE")
ICP_COUNTRY_WEIGHTS = (40, 14, 12, 8, 6, 8, 4, 3)
NON_ICP_COUNTRIES = ("AU", "JP", "BR", "IN", "ES", "IT", "SG", "ZA")
COUNTRY_CURRENCY = {"GB": "GBP", "DE": "EUR", "FR": "EUR", "NL": "EUR", "IE": "EUR",
                    "ES": "EUR", "IT": "EUR"}
"""Billing country -> deal and subscription currency; any other country bills in USD."""
COUNTRY_TLD = {"US": ".com", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "NL": ".nl",
               "CA": ".ca", "IE": ".ie", "SE": ".se", "AU": ".com.au", "JP": ".jp",
               "BR": ".com.br", "IN": ".in", "ES": ".es", "IT": ".it", "SG": ".sg",
               "ZA": ".co.za"}
COUNTRY_LEGAL_SUFFIX = {"US": "Inc.", "GB": "Ltd", "DE": "GmbH", "FR": "SAS", "NL": "B.V.",
                        "CA": "Inc.", "IE": "Ltd", "SE": "AB", "AU": "Pty Ltd", "JP": "K.K.",
                        "BR": "Ltda", "IN": "Pvt Ltd", "ES": "S.L.", "IT": "S.r.l.",
                        "SG": "Pte Ltd", "ZA": "(Pty) Ltd"}
ACCOUNT_TYPES = ("Prospect", "Customer", "Former Customer", "Partner")

# --- People ----------------------------------------------------------------------------------
FIRST_NAMES = (
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Leon", "Sofia", "Elias",
    "Amelia", "Hugo", "Charlotte", "Louis", "Isla", "Finn", "Grace", "Jonas", "Chloe", "Oscar",
    "Hannah", "Mateo", "Lea", "Arthur", "Zoe", "Felix", "Nora", "Theo", "Julia", "Max",
    "Priya", "Arjun", "Mei", "Kenji", "Aisha", "Omar", "Ingrid", "Lars", "Camille", "Jules",
    "Sarah", "David", "Laura", "Daniel", "Anna", "Paul", "Emily", "James", "Sophie", "Ben",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Wilson",
    "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Clark", "Lewis", "Walker", "Hall",
    "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell",
    "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Dubois", "Laurent",
    "Bernard", "Moreau", "de Vries", "Jansen", "Bakker", "Murphy", "Kelly", "Andersson",
    "Johansson", "Patel", "Singh", "Tanaka", "Sato", "Rossi",
)
BUYING_ROLES = ("Decision Maker", "Economic Buyer", "Influencer", "Champion", "User", "Other")
BUYING_ROLE_WEIGHTS = (0.13, 0.06, 0.27, 0.09, 0.31, 0.14)
TITLES_BY_ROLE: dict[str, tuple[tuple[str, str], ...]] = {
    "Decision Maker": (("VP Marketing", "Marketing"), ("Head of Demand Generation", "Marketing"),
                       ("VP Revenue Operations", "Operations"), ("VP Sales", "Sales")),
    "Economic Buyer": (("Chief Marketing Officer", "Marketing"),
                       ("Chief Revenue Officer", "Sales"), ("CFO", "Finance")),
    "Influencer": (("Marketing Operations Manager", "Marketing"),
                   ("Sales Operations Manager", "Operations"), ("Data Analyst", "IT"),
                   ("Product Marketing Manager", "Marketing")),
    "Champion": (("Director of ABM", "Marketing"), ("Director Marketing Operations", "Marketing"),
                 ("Director of Growth", "Marketing")),
    "User": (("Marketing Specialist", "Marketing"), ("SDR Team Lead", "Sales"),
             ("Campaign Manager", "Marketing"), ("Account Executive", "Sales")),
    "Other": (("IT Manager", "IT"), ("Procurement Specialist", "Finance"),
              ("Office Manager", "Operations")),
}
PERSONAL_EMAIL_DOMAINS = ("gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
                          "proton.me", "aol.com", "gmx.de", "web.de", "live.com", "yahoo.co.uk",
                          "orange.fr", "googlemail.com", "me.com", "mail.com")
PERSONAL_DOMAINS_USED = ("gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
                         "proton.me", "gmx.de")
"""The personal email domains the demo people actually use (a subset of the seed list)."""

USER_ROLES: tuple[tuple[str, int], ...] = (
    ("AE", 6), ("SDR", 4), ("BDR", 2), ("Marketing", 4), ("CSM", 2), ("Sales Manager", 1),
    ("Sales Ops", 1),
)

# --- Funnel ----------------------------------------------------------------------------------
LEAD_SOURCES: tuple[tuple[str, float], ...] = (
    ("Web", 0.20), ("Organic Search", 0.10), ("Paid Search", 0.08), ("Paid Social", 0.09),
    ("Content Syndication", 0.05), ("Webinar", 0.09), ("Event", 0.07), ("Outbound - SDR", 0.14),
    ("Outbound - AE", 0.04), ("Customer Referral", 0.05), ("Partner Referral", 0.04),
    ("Partner", 0.03), ("Email", 0.02),
)
"""Lead sources of contacts, leads and opportunities, with their share in the demo."""
REFERRAL_SOURCES = ("Customer Referral", "Partner Referral")

LEAD_STATUSES = ("Open - Not Contacted", "Working - Contacted", "Nurturing", "Unqualified",
                 "Qualified")
CONVERTED_LEAD_STATUS = "Closed - Converted"

OPEN_STAGES = ("Prospecting", "Discovery", "Demo", "Proposal", "Negotiation")
WON_STAGE = "Closed Won"
LOST_STAGE = "Closed Lost"
STAGE_PROBABILITY = {"Prospecting": 10, "Discovery": 20, "Demo": 40, "Proposal": 60,
                     "Negotiation": 80, WON_STAGE: 100, LOST_STAGE: 0}
STAGE_PATHS = {
    "New Business": OPEN_STAGES,
    "Expansion": ("Discovery", "Demo", "Proposal", "Negotiation"),
    "Renewal": ("Proposal", "Negotiation"),
}
UNKNOWN_STAGES = ("Verbal Commit", "Stalled", "Qualification Pending")
"""Stage names no stage mapping knows: planted as dirt only."""

CONTACT_ROLES_BY_BUYING_ROLE = {
    "Decision Maker": ("Decision Maker",),
    "Economic Buyer": ("Economic Buyer", "Executive Sponsor"),
    "Champion": ("Champion",),
    "Influencer": ("Influencer", "Technical Buyer"),
    "User": ("Evaluator", "End User"),
    "Other": ("Other",),
}

PRODUCTS = {"platform": "Lumenfold Platform", "intent": "Intent Add-on", "ads": "Ads Add-on",
            "analytics": "Analytics Add-on"}

CAMPAIGN_TYPES = ("Webinar", "Event", "Email", "Content", "Paid Social", "Paid Search",
                  "Direct Mail")
CAMPAIGN_MEMBER_STATUSES = ("Sent", "Registered", "Attended", "Responded")
TASK_TYPES = ("Call", "Email", "LinkedIn", "Other")
EVENT_TYPES = ("Meeting", "Demo", "Other")

# --- Digital ---------------------------------------------------------------------------------
SITE_PAGES: tuple[tuple[str, float], ...] = (
    ("/", 0.20), ("/product", 0.10), ("/product/intent", 0.05), ("/product/attribution", 0.05),
    ("/customers", 0.06), ("/blog/abm-metrics-that-matter", 0.07),
    ("/blog/intent-data-explained", 0.06), ("/blog/buying-committees", 0.05),
    ("/resources/abm-benchmark-report", 0.05), ("/resources/roi-calculator", 0.04),
    ("/webinars", 0.04), ("/integrations/salesforce", 0.04), ("/about", 0.03),
    ("/careers", 0.03), ("/security", 0.03), ("/docs", 0.04), ("/contact", 0.02),
    ("/demo", 0.04),
)
PRICING_PAGES = ("/pricing", "/pricing/enterprise", "/de/pricing")
ISP_DOMAINS = ("comcast.net", "verizon.net", "bt.com", "vodafone.de", "orange.fr",
               "virginmedia.com", "t-mobile.com", "spectrum.net")
BOT_DOMAINS = ("amazonaws.com", "googleusercontent.com")
REFERRERS = ("https://www.google.com/", "https://www.linkedin.com/", "https://www.bing.com/",
             "https://news.ycombinator.com/", "https://www.g2.com/")

FORM_TYPES: dict[str, tuple[str, str]] = {
    "demo_request": ("Demo Request", "/demo"),
    "contact_sales": ("Contact Sales", "/contact-sales"),
    "content_download": ("Gated Content", "/resources/"),
    "webinar_registration": ("Webinar Registration", "/webinars/"),
    "other": ("Newsletter Signup", "/blog"),
}
CONTENT_ASSETS = ("ABM Benchmark Report 2025", "Intent Data Playbook", "Buying Committee Guide",
                  "ROI Calculator Template", "Attribution Models Explained")
WEBINAR_ASSETS = ("ABM Metrics Masterclass", "From Intent to Pipeline", "Executive ABM Roundtable")

EMAIL_EVENT_TYPES = ("sent", "delivered", "open", "click", "bounce", "unsubscribe")

INTENT_TOPICS: tuple[tuple[str, str], ...] = (
    ("Account-Based Marketing", "Marketing Technology"),
    ("Intent Data", "Marketing Technology"),
    ("Marketing Attribution", "Marketing Analytics"),
    ("Revenue Operations", "Sales Technology"),
    ("Sales Intelligence", "Sales Technology"),
    ("Customer Data Platform", "Marketing Technology"),
    ("B2B Advertising", "Advertising"),
    ("Marketing Analytics", "Marketing Analytics"),
)
G2_CATEGORIES = ("Account-Based Marketing Software", "Buyer Intent Data Providers",
                 "Marketing Analytics Software")
G2_SIGNAL_TYPES = ("category_view", "competitor_comparison", "profile_view")

AI_ENGINES: tuple[tuple[str, float], ...] = (
    ("chatgpt", 1.0), ("perplexity", 1.3), ("gemini", 0.8), ("copilot", 0.7),
)
AI_PROMPTS: tuple[tuple[str, str, float], ...] = (
    ("best account-based marketing platform for b2b saas", "abm platforms", 1.2),
    ("how to measure abm roi", "abm measurement", 1.4),
    ("which intent data providers are best", "intent data", 0.9),
    ("abm vs demand generation", "abm strategy", 0.8),
    ("tools to identify companies visiting my website", "website visitor identification", 1.0),
    ("how to build a target account list", "abm strategy", 1.1),
    ("best marketing attribution software", "attribution", 0.7),
    ("linkedin ads for account based marketing", "abm advertising", 0.9),
    ("what is a good pipeline coverage ratio", "pipeline metrics", 0.6),
    ("buying committee engagement metrics", "abm measurement", 1.3),
)
