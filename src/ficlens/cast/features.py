"""Features of the person-mention tagger: word lists, document statistics and feature strings.

Every feature of a token is a function of one word type at a fixed offset (the token itself,
or a neighbour up to two tokens away), of document-level statistics about that type, or of
the token's position (sentence-initial, inside a quote). That keeps the per-token cost of
tagging to a few table look-ups: the features of each word type are turned into a score
vector once per document (see `ficlens.cast.persons`), not once per token.

Only some tokens are looked at at all. A *trigger* is a word that can head a person mention:
a capitalised word that is not a sentence-initial common word, a person noun ("mother",
"receptionist"), a word the document shows to be a person ("the clerk said"), an agent noun
after a determiner ("the baker"), "other" after a determiner ("the other") or "one" after
a quantifier ("no one"). Mentions are tagged in short windows around triggers, clipped to
the sentence; every other token is outside any mention.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ficlens.document import Document
from ficlens.layers import QUOTES, SENTENCES, TOKENS

K = TypeVar("K")
V = TypeVar("V")


def word_set(*chunks: str) -> frozenset[str]:
    """The space-separated words of some chunks of text, as a set (word lists kept compact)."""
    return frozenset(w for chunk in chunks for w in chunk.split())


TITLES = word_set(
    "mr mrs ms miss mx dr doctor sir lady lord madam madame mme monsieur mlle mademoiselle",
    "master mistress dame captain capt colonel col general gen major maj lieutenant lt",
    "sergeant sgt corporal cpl private admiral adm commander cmdr commodore marshal",
    "professor prof aunt auntie aunty uncle cousin grandma grandpa granny gran nana",
    "grandmother grandfather king queen prince princess duke duchess earl count countess",
    "baron baroness viscount marquis marquess emperor empress tsar czar sultan pharaoh",
    "father mother sister brother saint st rev reverend judge justice officer detective det",
    "inspector insp constable sheriff deputy agent senator sen president pres governor gov",
    "mayor chief coach nurse deacon bishop archbishop cardinal pope pastor rabbi squire",
    "esquire esq messrs herr frau fraulein señor senor señora senora signor signora don dona",
    "superintendent supt headmaster headmistress principal chancellor minister",
    "ambassador consul regent lady-in-waiting young old little poor dear",
)
"""Words before a name that belong to the mention ("Mr. Bennet", "Captain Wentworth",
"old Mr. Pontifex"); lowercase, without the full stop."""

HONORIFICS = TITLES - word_set("young old little poor dear")
"""Titles proper: LitBank annotates these, when they begin a name, as a person themselves."""

_PERSON_NOUNS_SINGULAR = word_set(
    # people in general, age and sex
    "man woman boy girl child kid baby infant toddler youth youngster teenager teen adult",
    "person lady gentleman gentlewoman guy gal fellow chap bloke lad lass lassie maiden",
    "maid dame elder oldster grownup grown-up newborn tot urchin orphan foundling",
    "individual human mortal soul creature somebody someone anybody anyone everybody",
    "everyone nobody stranger newcomer visitor guest host hostess neighbour neighbor",
    # family and relations
    "mother father mom mum mommy mummy mama mamma momma ma dad daddy papa pa pop parent",
    "son daughter brother sister sibling husband wife spouse uncle aunt auntie aunty",
    "nephew niece cousin grandmother grandfather grandma grandpa granny gran grandson",
    "granddaughter grandchild grandparent grandsire twin fiance fiancé fiancee fiancée",
    "grandmamma grandmama grandpapa granddad grandad gramps grandpop nanna mammy pappy",
    "missy laddie",
    "bride bridegroom groom widow widower heir heiress stepmother stepfather stepson",
    "stepdaughter stepsister stepbrother half-brother half-sister godmother godfather",
    "godson goddaughter in-law mother-in-law father-in-law son-in-law daughter-in-law",
    "brother-in-law sister-in-law ancestor descendant forefather kinsman kinswoman relative",
    "relation family friend companion comrade mate roommate flatmate housemate classmate",
    "schoolmate playmate teammate bandmate colleague coworker co-worker partner lover",
    "sweetheart boyfriend girlfriend beau suitor admirer fan ex soulmate crush darling",
    "honey sweetie babe dear dearest love beloved ally enemy rival foe acquaintance",
    "confidant confidante protege protégé mentor ward guardian nanny nursemaid governess",
    # work and roles
    "receptionist secretary assistant clerk manager boss supervisor employer employee",
    "intern trainee worker labourer laborer workman workmen foreman farmer farmhand",
    "rancher cowboy cowhand herdsman shepherd shepherdess ploughman plowman peasant serf",
    "servant butler footman valet cook chef housekeeper housemaid chambermaid maidservant",
    "gardener groom coachman cabman cabby driver chauffeur porter doorman waiter waitress",
    "bartender barman barmaid landlord landlady innkeeper tenant lodger boarder owner",
    "shopkeeper merchant trader dealer pedlar peddler vendor salesman saleswoman",
    "customer client patron buyer seller banker broker clerk accountant lawyer attorney",
    "solicitor barrister judge magistrate juror witness defendant prisoner convict inmate",
    "captive hostage slave master mistress overseer steward bailiff agent spy informant",
    "doctor physician surgeon nurse paramedic medic dentist therapist psychiatrist",
    "psychologist counselor counsellor pharmacist chemist midwife patient invalid",
    "teacher tutor professor lecturer instructor schoolmaster schoolmistress headmaster",
    "headmistress principal student pupil scholar schoolboy schoolgirl undergraduate",
    "graduate freshman sophomore apprentice novice beginner expert scientist researcher",
    "engineer mechanic technician programmer developer designer architect builder",
    "carpenter mason blacksmith smith tailor seamstress dressmaker weaver miller baker",
    "butcher grocer fishmonger fisherman hunter trapper miner sailor seaman mariner",
    "fisher boatman ferryman captain pilot navigator skipper crewman deckhand stowaway",
    "soldier trooper private corporal sergeant lieutenant colonel general officer commander",
    "admiral marine veteran recruit cadet guard sentry sentinel watchman warden jailer",
    "policeman policewoman cop constable detective inspector sheriff deputy marshal",
    "officer ranger scout warrior knight squire archer swordsman gunman rifleman",
    "priest clergyman vicar rector curate parson minister preacher pastor chaplain",
    "monk nun friar abbot abbess bishop deacon rabbi imam missionary pilgrim hermit",
    "king queen prince princess duke duchess lord earl count countess baron baroness",
    "emperor empress monarch sovereign ruler regent noble nobleman noblewoman aristocrat",
    "courtier chieftain chief leader president senator governor mayor councillor",
    "councilman congressman politician minister ambassador diplomat envoy messenger",
    "courier postman mailman milkman newsboy paperboy clerk official bureaucrat",
    "writer author novelist poet playwright journalist reporter editor publisher",
    "reader narrator artist painter sculptor photographer musician singer songwriter",
    "pianist violinist guitarist drummer composer conductor dancer actor actress",
    "performer comedian magician clown juggler acrobat entertainer athlete player",
    "runner swimmer boxer wrestler champion coach referee umpire captain goalkeeper",
    "thief robber burglar pickpocket pirate bandit outlaw smuggler murderer killer",
    "assassin criminal crook villain culprit suspect victim hero heroine protagonist",
    "traitor rebel revolutionary anarchist terrorist mercenary fugitive vagabond tramp",
    "beggar drunkard drunk addict gambler fool idiot moron jerk bastard bitch brat",
    "coward liar hypocrite snob gossip busybody scoundrel rascal rogue scamp wretch",
    "villager townsman townsfolk citizen resident inhabitant native settler colonist",
    "immigrant emigrant refugee foreigner traveller traveler tourist passenger wanderer",
    "explorer adventurer pioneer emigrant nomad savage barbarian",
    "witch wizard sorcerer sorceress mage warlock vampire werewolf shifter hunter demon",
    "angel ghost spirit fairy elf dwarf giant goblin troll monster",
    "alpha omega beta pack-mate packmate pup cub",
    "hacker blogger streamer influencer youtuber gamer nerd geek jock cheerleader",
    "babysitter nanny caretaker carer janitor cleaner housekeeper plumber electrician",
    "firefighter fireman paramedic lifeguard pilot stewardess flight-attendant barista",
    "cashier clerk teller bouncer security salesperson rep representative consultant",
    "ceo director producer executive investor entrepreneur businessman businesswoman temp",
    "millionaire billionaire heir landowner squire gentry tycoon",
    "bachelor spinster virgin widow mistress concubine courtesan prostitute whore",
    "sweetheart valentine groupie follower disciple devotee worshipper believer",
    "atheist heretic sinner saint martyr prophet",
    "boss buddy pal bro dude sis kiddo sonny missus mister ma'am madam sir",
    "deceased",
    # more roles, trades and kinds of people
    "abbot accomplice accountant acolyte adjutant administrator adolescent advocate aide",
    "alderman alien almoner amateur apostle appraiser apprentice arbiter archdeacon",
    "aristocrat aristo armourer armorer artisan artificer assessor astronomer attendant",
    "auctioneer auditor aviator baggageman bailiff ballerina bandmaster banker bard",
    "baronet barber bargeman bather beadle bearer bedfellow beggar bellboy bellhop",
    "benefactor benefactress biographer bishop blackguard boarder boatswain bodyguard",
    "bookkeeper bookseller bootblack bootmaker botanist bowman brakeman brewer bricklayer",
    "brigand broker brute buccaneer buffoon bully burgess burgher bursar bystander",
    "caller candidate cannibal canon captor cardinal caretaker carrier carter cashier",
    "catechist cavalier cavalryman celebrity chairman chairwoman chamberlain champion",
    "chancellor chaperon chaperone charlatan charwoman chemist chimney-sweep chorister",
    "churchwarden clairvoyant climber clubman coachbuilder cobbler cockney collector",
    "colonist combatant comedian commandant commissioner commoner comrade confederate",
    "confessor conqueror conscript conspirator constituent contractor convert coroner",
    "correspondent coster costermonger councillor courtesan cowherd cowman crofter",
    "cripple critic cuckold curate custodian cutthroat cynic dairymaid dairyman damsel",
    "dandy debtor debutante defender delegate dependant dependent deputy deserter",
    "despot detainee devil dictator dignitary disciple dissenter distiller diver",
    "divine docker dockhand dockworker doorkeeper dowager draper dreamer drover drummer",
    "dunce dwarf eavesdropper economist elector embezzler emigrant employer enchantress",
    "engraver envoy escort eunuch evangelist examiner executioner executor exile",
    "expatriate factor falconer fanatic farmwife felon fiddler fiend financier fishwife",
    "flatterer footpad forester forger fortune-teller founder freeman friar frontiersman",
    "fugitive fuller gamekeeper gaoler gatekeeper gendarme genius gentry geologist ghoul",
    "glazier goatherd godparent goldsmith gossip governor graduate grandee grocer",
    "groundskeeper guardsman guide gunner gypsy haberdasher hag handmaid handyman harlot",
    "harpooner hatter hawker headman healer heathen helmsman henchman herbalist herder",
    "herdsman hermit highwayman hireling historian hobo homeowner horseman horsewoman",
    "hostler housewife huckster hunchback huntsman husbandman hussy hypocrite idler",
    "illustrator imbecile impostor infidel informer innkeeper inquirer inspector intruder",
    "inventor investigator invalid ironmonger jailor janitor jester jeweller jeweler",
    "jockey joiner journeyman juggler jurist keeper kidnapper kinsman labourer lackey",
    "lady's-maid landholder landowner laundress lawgiver layman leech legislator",
    "lexicographer librarian lieutenant linguist listener locksmith lodger logger loner",
    "loser lout lunatic madman madwoman magistrate magnate maiden maniac mannequin",
    "marauder marksman martyr matron matriarch mayoress mediator mendicant mercer",
    "merchant messenger metaphysician midshipman milkmaid milliner miner minstrel miser",
    "misanthrope missionary mob monarch moneylender mountaineer mourner muleteer mummer",
    "murderess musketeer mystic naturalist navigator negotiator neophyte newcomer",
    "newsman nobleman nominee notary novice nun nursemaid oarsman occupant onlooker",
    "optician oracle orator organist outcast outsider overseer page pallbearer pander",
    "paramour pariah parishioner parson partisan passenger passer-by patriarch patriot",
    "patroness pauper pawnbroker peddler pedestrian peer penitent pensioner persecutor",
    "petitioner philanthropist philosopher physicist picket pickpocket pilgrim piper",
    "pirate pitman plaintiff planter playboy plebeian ploughboy plotter poacher poetess",
    "pontiff porter postmaster postmistress potter preacher prefect prelate priestess",
    "prior prioress prisoner prodigy professional prophetess proprietor proprietress",
    "prosecutor prospector prostitute provost publican pugilist puppeteer purser",
    "quack quaker quartermaster rabble rancher ranger rascal ratcatcher rat-catcher",
    "ravisher recluse rector recruit redcoat referee reformer regent registrar relic",
    "renegade rentier rescuer retainer revolutionist rider ringleader rioter roadman",
    "rogue roustabout ruffian runaway rustic saddler saint salesclerk sawyer scavenger",
    "schemer scholar scribe scrivener seamstress seer seller seneschal sentinel serf",
    "sergeant-major sexton shareholder sharpshooter shepherd sheriff shipmate shipowner",
    "shoemaker shopboy shopgirl shopman simpleton singer skipper slattern slaver",
    "sleepwalker smuggler sniper socialite solicitor soothsayer sophomore spectator",
    "speaker speculator spinner spinster sportsman sportswoman squatter stableboy",
    "stableman stationer stenographer stevedore steward stewardess stockbroker",
    "stonemason storekeeper storyteller stowaway strategist stripling subaltern",
    "subordinate successor suitor superior supplicant surveyor suspect swain",
    "sweeper swindler sympathizer tailor tanner taskmaster taxidermist teamster",
    "telegraphist tenor testator theologian thug tinker tippler toiler townsman",
    "tradesman tradeswoman tramp transgressor trapper traveller treasurer tribesman",
    "truant trumpeter trustee turncoat turnkey typist tyrant underling undertaker",
    "urchin usher usurer usurper vagrant valet vassal vendor veteran vicar victor",
    "viceroy villain vintner virtuoso visionary vizier voter voyager waggoner wagoner",
    "waif warder wardress washerwoman watchmaker wayfarer weaver wet-nurse wheelwright",
    "whaler whaleman widow wife wit witness woodcutter woodman woodsman wrangler",
    "wretch yeoman yokel zealot",
    "deity personage practitioner observer watcher protector tormentor interloper",
    "enthusiast antagonist dramatist antiquary genealogist statesman member female",
    "spectre specter mankind humankind negro quadroon mulatto cottager",
    # groups of people
    "army band brotherhood cast chorus class clan clergy committee congregation council",
    "court gang generation household jury mob multitude nation party public race",
    "regiment society sisterhood squad team tribe troop troupe",
)
_PERSON_NOUNS_PLURAL = word_set(
    "men women children kids people persons folks folk gentlemen ladies fellows",
    "brethren kinsmen kinsfolk workmen firemen policemen fishermen seamen townspeople",
    "townsfolk clergymen businessmen noblemen countrymen countrywomen englishmen",
    "frenchmen irishmen scotsmen dutchmen chinamen gentlefolk menfolk womenfolk",
    "police staff crew crowd mob audience family families company couple everyone others",
    "twins parents siblings grandparents relatives relations friends",
    "greeks romans englishmen englishwomen americans indians frenchmen germans italians",
    "spaniards russians turks arabs jews christians catholics protestants quakers puritans",
    "saxons normans scots scotchmen welshmen irishmen dutchmen africans europeans asians",
    "yankees southerners northerners natives savages negroes gentiles heathens pagans",
    "danes swedes norwegians poles hungarians austrians prussians egyptians persians",
    "chinese japanese mexicans canadians australians britons celts gauls huns moors",
    "wives housewives fishwives midwives farmwives thieves beings authorities",
)


def _plural(noun: str) -> str:
    """Regular English plural of a person noun ("boss" -> "bosses", "lady" -> "ladies")."""
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


PERSON_NOUNS = (
    _PERSON_NOUNS_SINGULAR | _PERSON_NOUNS_PLURAL | {_plural(n) for n in _PERSON_NOUNS_SINGULAR}
)
"""Common nouns that name a person or group of people, singular and plural."""

GIVEN_NAMES = word_set(
    "aaron abby abigail ada adam adrian agatha agnes aidan alan albert alec alex alexander",
    "alexandra alexis alfred alice alicia alison allen allison alma amanda amber amelia amy",
    "andrea andrew andy angela angelica angie anita ann anna anne annie anthony antonio",
    "april archie arthur ashley audrey austin ava barbara barney barry beatrice becky ben",
    "benjamin bernard beth betsy betty beverly bill billy blake bob bobby bonnie brad",
    "bradley brandon brenda brian bridget brittany brooke bruce bruno bryan buck bucky",
    "caleb calvin cameron camilla candace carl carla carlos carmen carol caroline carolyn",
    "carrie carter casey cassandra cassie catherine cathy cecil cecilia cecily charles",
    "charlie charlotte chase chelsea cheryl chloe chris christian christina christine",
    "christopher cindy claire clara clarence clarissa claude claudia clay clint clyde",
    "cody colin connie connor constance cora courtney craig crystal curtis cynthia daisy",
    "dale dan dana daniel danielle danny daphne darcy darlene darren dave david dawn dean",
    "debbie deborah debra dennis derek diana diane dick dolly dolores don donald donna",
    "dora doris dorothy doug douglas duncan dustin dwight dylan earl ed eddie edgar edith",
    "edmund edna edward edwin eileen elaine eleanor elena eli elijah elisa elise eliza",
    "elizabeth ella ellen ellie eloise elsa elsie emily emma eric erica erik erin ernest",
    "esther ethan ethel eugene eva evan evelyn ezra faith felix fiona florence frances",
    "francis frank frankie fred freddie frederick gabriel gail gary gavin gemma gene",
    "geoffrey george georgia gerald gertrude gilbert gina ginny gladys glen glenn gloria",
    "gordon grace graham greg gregory gwen hailey hal hank hannah harold harriet harry",
    "harvey hazel heather heidi helen helena henry herbert herman holly hope howard hugh",
    "hugo ian ida imogen irene iris isaac isabel isabella isabelle ivan jack jackie jackson",
    "jacob jacqueline jake james jamie jan jane janet janice jared jasmine jason jasper jay",
    "jean jeff jeffrey jen jenna jennifer jenny jeremy jerome jerry jess jesse jessica jill",
    "jim jimmy jo joan joanna joe joel joey john johnny jon jonah jonathan jordan jose",
    "joseph josephine josh joshua joy joyce juan judith judy julia julian julie june justin",
    "karen kate katherine kathleen kathryn kathy katie kay keith kelly ken kenneth kerry",
    "kevin kim kimberly kirk kit kitty kurt kyle lance larry laura lauren laurie lawrence",
    "leah lee leo leon leonard leslie lewis lila lillian lily linda lindsay lionel lisa",
    "liz lizzie logan lois lola lorraine lou louis louisa louise lucas lucy luis luke lydia",
    "lynn mabel madeline madison maggie malcolm mandy marcus margaret margie maria marian",
    "marie marilyn mario marion marjorie mark marsha martha martin marvin mary mason",
    "matilda matt matthew maud maureen max maxine megan meg melanie melissa meredith",
    "michael michelle mike mildred millie milly miranda miriam molly monica morgan muriel",
    "nancy naomi natalie nathan nathaniel ned neil nell nellie nelson nicholas nick nicole",
    "nigel nina noah noel nora norman olive oliver olivia oscar owen paige pam pamela",
    "patricia patrick patty paul paula pauline pearl peggy penelope penny percy peter",
    "phil philip phillip phoebe phyllis polly priscilla rachel ralph randy ray raymond",
    "rebecca regina reginald renee rex rhoda richard rick ricky rita rob robert robin",
    "roger roland ron ronald ronnie rosa rosalind rose rosemary ross ruby rudolph rufus",
    "russell ruth ryan sally sam samantha samuel sandra sandy sara sarah scott sean selena",
    "seth shane shannon sharon shaun shawn sheila shelby shirley sidney silas simon sophia",
    "sophie stacy stanley stella stephanie stephen steve steven stuart sue susan susie",
    "suzanne sylvia tammy tanya ted teddy teresa terry tess thea theo theodore theresa",
    "thomas tim timothy tina toby todd tom tommy tony tracy travis trevor troy tyler ursula",
    "valerie vanessa vera veronica victor victoria vincent viola violet virginia vivian",
    "wade wallace walter wanda warren wayne wendy wesley will william willie willy winifred",
    "winston xavier yvonne zachary zach zoe",
    # a few beyond the Anglophone core
    "aisha akira ali amir anya arjun carlos chen dmitri fatima hiro hiroshi ivan jin",
    "juan kenji li lin luca marco maria mei mohammed muhammad natasha olga omar pablo",
    "pedro priya raj rania sakura sergei sofia sven takeshi wei yuki yusuf",
)
"""Common given names, lowercase: evidence for a name the document has not yet confirmed."""

PLACES = word_set(
    "america africa asia europe australia antarctica arctic atlantic pacific mediterranean",
    "england britain scotland wales ireland france germany italy spain portugal russia",
    "china japan korea india pakistan egypt israel greece turkey poland sweden norway",
    "denmark finland holland netherlands belgium switzerland austria hungary canada mexico",
    "brazil argentina chile peru cuba jamaica iceland persia arabia siberia africa",
    "london paris rome berlin vienna moscow madrid lisbon dublin edinburgh glasgow oxford",
    "cambridge manchester liverpool bristol bath brighton york birmingham leeds belfast",
    "tokyo beijing delhi bombay mumbai calcutta cairo jerusalem athens venice florence",
    "naples milan geneva amsterdam brussels prague warsaw stockholm oslo copenhagen",
    "boston chicago philadelphia washington baltimore detroit seattle portland denver",
    "dallas houston atlanta miami orleans vegas hollywood manhattan brooklyn queens bronx",
    "harlem jersey ohio texas california florida virginia carolina georgia kentucky",
    "tennessee alabama mississippi louisiana arkansas missouri kansas nebraska iowa",
    "minnesota wisconsin michigan illinois indiana pennsylvania maryland delaware",
    "massachusetts connecticut vermont maine oregon nevada arizona utah colorado wyoming",
    "montana idaho alaska hawaii oklahoma scranton stamford nashua utica",
    "thames nile mississippi amazon rhine danube alps andes himalayas sahara",
    "heaven hell paradise olympus",
    "kent surrey sussex essex devon devonshire cornwall dorset somerset yorkshire norfolk",
    "suffolk hampshire wiltshire lancashire derbyshire cumberland northumberland durham",
    "cheshire shropshire gloucester gloucestershire oxfordshire berkshire middlesex",
    "westminster kensington chelsea mayfair piccadilly soho whitehall greenwich hampstead",
    "windsor canterbury winchester salisbury exeter plymouth portsmouth southampton dover",
    "newcastle sheffield nottingham leicester coventry norwich ipswich cardiff swansea",
    "aberdeen dundee inverness cork limerick galway killarney highlands lowlands",
    "marseilles marseille lyons lyon bordeaux calais normandy brittany provence burgundy",
    "gascony champagne alsace lorraine versailles nice cannes monaco florence pisa",
    "genoa turin verona padua bologna siena sicily sardinia corsica malta crete cyprus",
    "bavaria prussia saxony hanover hamburg munich frankfurt cologne dresden leipzig",
    "bohemia moravia silesia transylvania bukovina moldavia wallachia serbia bulgaria",
    "romania rumania croatia bosnia albania macedonia ukraine lithuania latvia estonia",
    "petersburg petersburgh leningrad kiev odessa warsaw constantinople istanbul smyrna",
    "baghdad damascus beirut mecca medina tehran kabul lahore madras bengal punjab",
    "kashmir ceylon burma siam bangkok singapore malaya java sumatra borneo manila",
    "shanghai canton peking hongkong hong kong mongolia tibet nepal himalaya",
    "zanzibar natal transvaal zululand congo nigeria ghana kenya uganda ethiopia abyssinia",
    "morocco algeria algiers tunis tunisia libya sudan khartoum capetown cape johannesburg",
    "jamaica barbados trinidad haiti bermuda bahamas panama cuba havana quebec montreal",
    "toronto ottawa vancouver winnipeg manitoba ontario alberta labrador newfoundland",
    "sydney melbourne brisbane adelaide perth queensland tasmania zealand auckland",
    "minneapolis milwaukee cleveland cincinnati pittsburgh buffalo albany richmond",
    "charleston savannah memphis nashville louisville omaha phoenix tucson sacramento",
    "francisco diego angeles oakland berkeley honolulu anchorage austin jacksonville",
    "hudson potomac ohio missouri colorado yukon klondike niagara appalachia ozarks",
    "alps pyrenees carpathians urals caucasus rockies sierra andes everest",
    "scranton stamford nashua utica hogwarts hogsmeade narnia gotham metropolis",
    "europe eurasia scandinavia iberia balkans levant orient occident antipodes",
)
"""Place names that are rarely a person in fiction (lowercase)."""

PLACE_WORDS = word_set(
    "street st road rd avenue ave boulevard lane square place park hall house manor court",
    "church chapel cathedral abbey college university school academy hospital station",
    "hotel inn tavern pub bar cafe restaurant theatre theater museum library gallery",
    "river lake mountain mount mt hill hills valley desert island isle bay sea ocean gulf",
    "bridge castle palace tower gate gardens garden farm ranch estate mill mills works",
    "company co ltd inc corp corporation club society committee department bank office",
    "county shire city town village state states kingdom empire republic province",
    "island islands coast forest wood woods creek falls canyon harbour harbor port",
    "airport mall market store shop centre center building apartments plaza arena",
)
"""Words that end the name of a place or organisation ("Baker Street", "Dunder Mifflin
Paper Company"), lowercase."""

NATIONALITIES = word_set(
    "english british french german italian spanish portuguese russian chinese japanese",
    "korean indian american canadian mexican australian irish scottish scotch welsh dutch",
    "swedish norwegian danish finnish polish greek roman turkish egyptian african asian",
    "european arabian persian jewish christian catholic protestant confederate union",
    "yankee southern northern western eastern continental oriental latin celtic saxon",
    "norman gothic hebrew indian native",
)
"""Adjectives of nationality, religion or region: capitalised but not a name."""

NON_PERSONS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday",
    "january february march april may june july august september october november december",
    "christmas easter halloween thanksgiving xmas",
    "chapter prologue epilogue part book volume section act scene interlude",
    "god christ jesus lord heaven heavens hell damn gosh jeez geez jeepers",
    "oh ah ugh um uh hmm wow ow ouch hey hi hello yes no okay ok yeah",
)
"""Capitalised words that are never a person mention by themselves (lowercase)."""

BRANDS_AND_TITLES = (
    "Google", "Facebook", "Twitter", "Instagram", "Tumblr", "Snapchat", "TikTok", "YouTube",
    "Netflix", "Hulu", "Spotify", "eBay", "Wikipedia", "Reddit", "Skype", "WhatsApp",
    "iPhone", "iPad", "iPod", "MacBook", "Android", "Samsung", "Microsoft", "Xbox",
    "PlayStation", "Nintendo", "Starbucks", "McDonald's", "Walmart", "Costco", "Ikea",
    "Coke", "Pepsi", "Red Bull", "Doritos", "Nutella", "Lego", "Disney", "Disneyland",
    "Pixar", "Marvel", "Nike", "Adidas",
    "Uber", "Lyft", "Tinder", "Grindr", "Band-Aid", "Kleenex", "Tylenol", "Advil", "Xanax",
    "Star Wars", "Star Trek", "Battlestar Galactica", "Doctor Who", "Game of Thrones",
    "Lord of the Rings", "Breaking Bad", "Grey's Anatomy", "Jeopardy", "Sesame Street",
    "SpongeBob", "Pokemon", "Pokémon", "Minecraft", "Fortnite", "Mario Kart", "Monopoly",
    "Scrabble",
)  # fmt: skip
"""Brands, services and titles of shows, films and games that fan fiction mentions and that
look like names; matched as whole capitalised phrases, like a fandom pack's non-characters."""

INTERJECTION_NAMES = word_set("god christ jesus heaven heavens hell gosh jeez geez")
"""Names used as exclamations ("Oh God", "Jesus Christ!"); "Lord" is one only after an
exclamation ("Good Lord", but not "my Lord")."""

FUNCTION_WORDS = word_set(
    "a an the this that these those some any no every each either neither all both half",
    "i me my mine myself you your yours yourself yourselves he him his himself she her",
    "hers herself it its itself we us our ours ourselves they them their theirs themselves",
    "what which who whom whose whoever whatever where when why how whether if then than",
    "and or but nor so yet for of to in on at by with from into onto upon about above",
    "below under over after before since until till while though although because as",
    "like unlike through across against among between behind beyond beside besides near",
    "off out up down around toward towards within without is am are was were be been",
    "being have has had having do does did done shall should will would may might must",
    "can could not never ever always often sometimes perhaps maybe very too also just",
    "only even still already again here there now soon once twice thus hence however",
    "instead indeed well oh ah yes no okay ok yeah hey hi hello please thanks thank",
    "one two three four five six seven eight nine ten first second last next other another",
    "such same own much many more most less least few several",
)
"""Closed-class words: capitalised only because a sentence starts with them."""

NAMED_FUNCTION_WORDS = FUNCTION_WORDS & GIVEN_NAMES
"""Function words that are also given names ("Will"): a name where a work writes them so."""

SPEECH_AFTER = word_set(
    "said says asked asks replied answered whispered shouted muttered murmured cried",
    "exclaimed sighed nodded smiled grinned laughed chuckled giggled shrugged frowned",
    "scowled winced blushed sobbed wept snapped growled snarled hissed groaned moaned",
    "gasped yelled screamed sneered smirked beamed who whom whose himself herself",
)
"""Words that, right after a word, show it names a person ("Pam said", "the clerk who")."""

SPEECH_BEFORE = word_set("said asked replied answered whispered told thanked kissed hugged")
"""Words that, right before a word, show it names a person ("said Pam", "told Jim")."""

PLACE_BEFORE = word_set("in at from into near towards toward across through inside outside via")
"""Prepositions before a place ("in Scranton", "from New York")."""

_CUE_AFTER, _CUE_BEFORE, _CUE_PLACE = range(3)


def _cue_table() -> dict[str, tuple[int, ...]]:
    table: dict[str, tuple[int, ...]] = {}
    honorifics = {v for t in HONORIFICS for v in (t.capitalize(), t.capitalize() + ".")}
    for words, kind in (
        (PLACE_BEFORE, _CUE_PLACE),
        (SPEECH_BEFORE, _CUE_BEFORE),
        (honorifics, _CUE_BEFORE),
        (SPEECH_AFTER, _CUE_AFTER),
    ):
        for w in words:
            table[w] = (*table.get(w, ()), kind)
    return table


_CUES = _cue_table()
"""Words whose neighbours they show to be a person or a place, by the neighbour's side: a
word can cue both sides ("Pam said", "said Pam")."""

_CLITIC = re.compile(r"(?:['’](?:[sS]|ll|d|ve|re|m)|(?<=[sS])['’])$")


def split_clitic(word: str) -> tuple[str, str]:
    """``Jim’s`` -> (``Jim``, ``’s``); ``boys’`` -> (``boys``, ``’``); other words unchanged."""
    if "’" not in word and "'" not in word:
        return word, ""
    m = _CLITIC.search(word)
    if m is None or m.start() == 0:
        return word, ""
    return word[: m.start()], m.group()


def shape(word: str) -> str:
    """Character classes of up to six characters, repeats collapsed: "McKay" -> "XxXx"."""
    out = ""
    for ch in word[:6]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out.endswith(c):
            out += c
    return out


@dataclass(slots=True)
class DocInfo:
    """One document's tokens with the positional and statistical facts features need.

    ``sentences`` are token ranges; ``initial[i]`` is 1 for the first word of a sentence or
    of a quotation; ``quoted[i]`` is 1 inside a quotation. The counters are keyed by a
    word's lowercase form without its clitic: ``cap_mid`` counts capitalised occurrences
    not at a sentence start, ``lower`` lowercase ones, ``person_ctx`` occurrences in a
    context that shows a person ("Pam said", "told Pam", "Mr. Scott"), ``place_ctx`` those
    after a place preposition ("in Scranton"). ``types`` counts the tokens of each word.
    """

    words: list[str]
    starts: Sequence[int]
    ends: Sequence[int]
    sentences: list[tuple[int, int]]
    initial: bytearray
    quoted: bytearray
    cap_mid: Counter[str] = field(default_factory=Counter)
    lower: Counter[str] = field(default_factory=Counter)
    person_ctx: Counter[str] = field(default_factory=Counter)
    place_ctx: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    facts: dict[str, Facts] = field(default_factory=dict)
    named_nouns: frozenset[str] = frozenset()


def doc_info(doc: Document) -> DocInfo:
    """Tokens, sentence token ranges, positional flags and word statistics of `doc`."""
    text = doc.text
    tokens = doc.layer(TOKENS)
    starts, ends = tokens.starts, tokens.ends
    n = len(starts)
    words = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    initial = bytearray(n)
    quoted = bytearray(n)
    sentences: list[tuple[int, int]] = []
    sent = doc.layer(SENTENCES)
    for ss, se in zip(sent.starts, sent.ends, strict=True):
        i = bisect.bisect_left(starts, ss)
        j = bisect.bisect_left(starts, se)
        if i < j:
            sentences.append((i, j))
            _mark_first_word(words, initial, i, j)
    quotes = doc.layer(QUOTES)
    for qs, qe in zip(quotes.starts, quotes.ends, strict=True):
        i = bisect.bisect_left(starts, qs)
        j = bisect.bisect_left(starts, qe)
        quoted[i:j] = b"\x01" * (j - i)
        _mark_first_word(words, initial, i, j)
    info = DocInfo(words, starts, ends, sentences, initial, quoted)
    _count(info)
    return info


def _mark_first_word(words: list[str], initial: bytearray, i: int, j: int) -> None:
    while i < j and not words[i][:1].isalnum():
        i += 1
    if i < j:
        initial[i] = 1


def _count(info: DocInfo) -> None:
    """Fill the word statistics of `info`: counting is by type, not token, where it can be."""
    words, initial = info.words, info.initial
    at_start = Counter(words[i] for i in _positions(initial))
    info.types.update(words)
    for word, count in info.types.items():
        lw, _, _, _, case = form(word)
        if case == "X":
            mid = count - at_start.get(word, 0)
            if mid:
                info.cap_mid[lw] += mid
        elif case == "x":
            info.lower[lw] += count
    n = len(words)
    cues = _CUES
    for i in [i for i, w in enumerate(words) if w in cues]:
        for kind in cues[words[i]]:
            j = i - 1 if kind == _CUE_AFTER else i + 1
            if 0 <= j < n and words[j][:1].isalpha():
                key = form(words[j])[0]
                if key not in FUNCTION_WORDS:
                    (info.place_ctx if kind == _CUE_PLACE else info.person_ctx)[key] += 1
    info.named_nouns = _named_nouns(info)


NAMED_NOUN_MIN = 3
_ARTICLES = word_set("the a an his her my your our their its every each")
_FAMILY_WORDS = word_set(
    "father mother papa mama mamma pa ma mum mummy mom mommy dad daddy grandma grandpa",
    "granny grandmother grandfather grandmamma grandpapa son daughter brother sister",
    "husband wife baby darling dear honey sweetheart love",
)


def _named_nouns(info: DocInfo) -> frozenset[str]:
    """Person nouns the document uses as a name ("Jock", "Victor"): capitalised inside
    sentences at least `NAMED_NOUN_MIN` times, never after a determiner, hardly ever in
    lower case, never after another capitalised word but a title ("the Civil Surgeon"), and
    at least once where only a person stands ("said Jock"). Kin words and endearments
    ("Mamma", "Darling") stay nouns; so do plurals ("Pilgrims")."""
    found = {
        lw
        for lw, n in info.cap_mid.items()
        if n >= NAMED_NOUN_MIN
        and lw in PERSON_NOUNS
        and lw not in TITLES
        and lw not in _FAMILY_WORDS
        and not (lw.endswith("s") and not lw.endswith("ss"))
        and 5 * info.lower.get(lw, 0) <= n
        and info.person_ctx.get(lw, 0)
    }
    if not found:
        return frozenset()
    words = info.words
    surfaces = {w for w in info.types if w[:1].isupper() and form(w)[0] in found}
    for i in [i for i, w in enumerate(words) if w in surfaces]:
        lw = form(words[i])[0]
        if i == 0 or lw not in found:
            continue
        before = words[i - 1]
        if before.lower() in _ARTICLES or (
            before[:1].isupper() and not info.initial[i - 1] and form(before)[0] not in TITLES
        ):
            found.discard(lw)  # "the Jock", "the Civil Surgeon"
    return frozenset(found)


def _positions(flags: bytearray) -> list[int]:
    """Indices of the set bytes of `flags`."""
    out: list[int] = []
    i = flags.find(1)
    while i >= 0:
        out.append(i)
        i = flags.find(1, i + 1)
    return out


def cap_class(info: DocInfo, lw: str) -> str:
    """How the document capitalises `lw` away from sentence starts, as a coarse class."""
    cap = info.cap_mid.get(lw, 0)
    low = info.lower.get(lw, 0)
    if cap == 0:
        return "L" if low else "-"
    if low == 0:
        return "C" if cap < 3 else "CC"
    return f"r{4 * cap // (cap + low)}"


def is_person_noun(lw: str) -> bool:
    """Whether `lw` (or the last part of a compound: "saloon-keeper") names people."""
    return lw in PERSON_NOUNS or lw.rpartition("-")[2] in PERSON_NOUNS


def lexical_flags(lw: str) -> str:
    """Which word lists hold `lw`, as one short string ("" for none)."""
    return (
        ("t" if lw in TITLES else "")
        + ("p" if is_person_noun(lw) else "")
        + ("g" if lw in GIVEN_NAMES else "")
        + ("l" if lw in PLACES else "")
        + ("n" if lw in NON_PERSONS else "")
        + ("o" if lw in PLACE_WORDS else "")
        + ("a" if lw in NATIONALITIES else "")
        + ("f" if lw in FUNCTION_WORDS else "")
    )


def evidence(info: DocInfo, lw: str) -> str:
    """Document evidence that `lw` names a person or a place: counts, or their ratio."""
    person = info.person_ctx.get(lw, 0)
    place = info.place_ctx.get(lw, 0)
    if person + place < 4:
        return f"{person}{place}"
    return f"r{4 * person // (person + place)}"


class Memo(dict[K, V]):
    """A dict that computes a missing value with `func`; emptied when it reaches `limit`
    entries. Values that are plain tuples of strings keep the garbage collector's work
    small, which a long run over many works would otherwise pay for."""

    def __init__(self, func: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.func = func
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.func(key)
        return value


Form = tuple[str, str, str, str, str]
"""What a word's spelling alone says: lowercase form (without clitic or final full stop),
`shape`, clitic (lowercase), `lexical_flags`, and case ("X" capitalised, "x" lowercase,
"" neither)."""


def _form(word: str) -> Form:
    base, clitic = split_clitic(word)
    lw = base.lower().rstrip(".")
    first = base[:1]
    case = "X" if first.isupper() else "x" if first.islower() else ""
    return (lw, shape(base), clitic.lower(), lexical_flags(lw), case)


form: Callable[[str], Form] = Memo(_form, 1 << 17).__getitem__
"""The `Form` of a word (remembered across documents)."""

Facts = tuple[str, str, str, str, str, str]
"""What the features of a word type in a document are made of: lowercase form, shape,
clitic, `cap_class`, `lexical_flags` and `evidence`."""


def facts(info: DocInfo, word: str) -> Facts:
    """The `Facts` of `word` in this document (computed once per word type)."""
    found = info.facts.get(word)
    if found is None:
        lw, sh, clitic, flags, case = form(word)
        if case == "X" and lw in info.named_nouns:
            flags = flags.replace("p", "")  # "Jock": a name here, not a noun
        found = info.facts[word] = (
            lw, sh, clitic, cap_class(info, lw), flags, evidence(info, lw)
        )  # fmt: skip
    return found


ROLES = (-2, -1, 0, 1, 2)
"""Where a word stands relative to the token it gives features to (0: the token itself)."""


def lexical_features(role: int, lw: str) -> list[str]:
    """Features of a word's own form in a role: the word, and for the token itself its
    prefix and suffixes."""
    if role == 0:
        return [f"w={lw}", f"s3={lw[-3:]}", f"s2={lw[-2:]}", f"p3={lw[:3]}"]
    return [f"{role}w={lw}"]


def class_key(role: int, word: Facts, initial: int) -> tuple[str, ...]:
    """What the non-lexical features of a word in a role depend on (many words share it)."""
    _, sh, clitic, cap, flags, ev = word
    if role == 0:
        return (sh, clitic, cap, flags, ev, str(initial))
    if role in (-1, 1):
        return (sh, clitic, cap, flags)
    return (flags,)


def class_features(role: int, key: tuple[str, ...]) -> list[str]:
    """The non-lexical features of a `class_key`: shape, clitic, capitalisation class,
    word lists and document evidence, alone and combined with the sentence position."""
    if role == 0:
        sh, clitic, cap, flags, ev, initial = key
        return [
            "bias",
            f"sh={sh}",
            f"i={initial}{sh[:2]}",
            f"cl={clitic}",
            f"c={cap}",
            f"ic={initial}{cap}",
            f"f={flags}",
            f"if={initial}{flags}{sh[:1]}",
            f"e={ev}",
            f"ce={cap}{ev}",
        ]
    if role in (-1, 1):
        sh, clitic, cap, flags = key
        return [
            f"{role}sh={sh}",
            f"{role}cl={clitic}",
            f"{role}c={cap}",
            f"{role}f={flags}",
            f"{role}fs={flags}{sh[:1]}",
        ]
    return [f"{role}f={key[0]}"]


def word_features(info: DocInfo, word: str, role: int, initial: int = 0) -> list[str]:
    """All features `word` gives to the token at `-role` from it; `initial` is the token's
    sentence-start flag (used for role 0 only)."""
    found = facts(info, word)
    return lexical_features(role, found[0]) + class_features(role, class_key(role, found, initial))


POSITION_FEATURES = ("q0", "q1")
"""Feature of a token's quotation flag (index = the flag)."""

DETERMINERS = word_set(
    "the a an this that these those his her my your our their its every each no some any",
    "another either neither such what which whose one two three four five several many",
)
"""Words before a noun phrase's head that make a following agent noun a likely person."""

RELATIVES = frozenset({"who", "whom", "whose"})
"""Relative pronouns that open a clause after a person noun ("the ferryman, who...")."""

NOMINAL_MODIFIERS = RELATIVES | {"of"}
"""Words that end a nominal's core: an ``of`` phrase or a relative clause follows."""

_AGENT = re.compile(r"(?:er|or|ist|ian|man|men|ess|ant|ent|eer|ee|ier|yer|ster)s?$")
_QUANTIFIED_ONE = word_set("no every any some each such")

NEVER = 0
ALWAYS = 1
AFTER_DETERMINER = 2
AFTER_QUANTIFIER = 3
CAPITALISED = 4


def trigger_kind(info: DocInfo, word: str, initial: int) -> int:
    """Whether a token of `word` at this position can head a person mention: `NEVER`;
    `ALWAYS` (a person noun); `CAPITALISED` (a possible name); or only `AFTER_DETERMINER`
    ("the baker", "each other") or `AFTER_QUANTIFIER` ("no one")."""
    if not word[:1].isalpha():
        return NEVER
    lw, _, _, _, case = form(word)
    if is_person_noun(lw) and not (case == "X" and lw in info.named_nouns):
        return ALWAYS
    if lw == "one":
        return AFTER_QUANTIFIER
    if lw == "other":
        return AFTER_DETERMINER
    if lw in FUNCTION_WORDS or lw == "i":
        return NEVER
    if case == "x" and 20 * info.person_ctx.get(lw, 0) > max(40, info.lower.get(lw, 0)):
        return ALWAYS  # "the clerk said" three times or more, and one time in twenty
    if case == "X":
        if not initial or info.cap_mid.get(lw, 0) > 0 or lw in GIVEN_NAMES or lw in TITLES:
            return CAPITALISED
        return NEVER if info.lower.get(lw, 0) else CAPITALISED
    return AFTER_DETERMINER if _AGENT.search(lw) else NEVER


LEFT = 3
RIGHT = 1
LEFT_OF_NAME = 1
RIGHT_OF_NAME = 1
"""How far a window reaches left and right of a trigger (tokens, within the sentence); a
capitalised trigger needs less room on its left than a noun ("the dazzling Miguel", "a
thin, elderly gentleman")."""


def segments(info: DocInfo, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token ranges to tag: windows around triggers, merged, clipped to their sentence.

    Only sentences overlapping tokens ``[start, end)`` are looked at.
    """
    words, initial, sentences = info.words, info.initial, info.sentences
    end = len(words) if end is None else end
    first = bisect.bisect_right(sentences, (start, len(words)))
    first = max(first - 1, 0)
    last = bisect.bisect_left(sentences, (end, -1))
    if first >= last:
        return []
    lo, hi = sentences[first][0], sentences[last - 1][1]
    kinds = {w: kind for w in info.types if (kind := trigger_kind(info, w, 0))}
    triggers = {i: kinds[w] for i, w in enumerate(words[lo:hi], lo) if w in kinds}
    at_start: dict[str, int] = {}
    for i in _positions(initial[lo:hi]):
        word = words[lo + i]
        kind = at_start.get(word, -1)
        if kind < 0:
            kind = at_start[word] = trigger_kind(info, word, 1)
        if kind:
            triggers[lo + i] = kind
        else:
            triggers.pop(lo + i, None)
    out: list[tuple[int, int]] = []
    s = first
    seg_start = seg_end = seg_sentence = -1
    for i in sorted(triggers):
        kind = triggers[i]
        while sentences[s][1] <= i:
            s += 1
        ss, se = sentences[s]
        if i < ss:
            continue  # between sentences
        if kind in (AFTER_DETERMINER, AFTER_QUANTIFIER):
            prev = words[i - 1].lower() if i > ss else ""
            if prev not in (DETERMINERS if kind == AFTER_DETERMINER else _QUANTIFIED_ONE):
                continue
        if kind == CAPITALISED:
            a, b = max(ss, i - LEFT_OF_NAME), min(se, i + RIGHT_OF_NAME + 1)
        else:
            a, b = max(ss, i - LEFT), min(se, i + RIGHT + 1)
        if s == seg_sentence and a <= seg_end:
            seg_end = max(seg_end, b)
        else:
            if seg_end > seg_start >= 0:
                out.append((seg_start, seg_end))
            seg_start, seg_end, seg_sentence = a, b, s
    if seg_end > seg_start >= 0:
        out.append((seg_start, seg_end))
    return out
