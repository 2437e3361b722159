"""Find the red flags in a message: each sign once, with the words it came
from. `check` never says a message is safe; an empty list means none of
the common signs were found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Mapping, Sequence

from bot.scam import learnt
from bot.scam.links import (
    Link,
    action_words_domain,
    ip_address,
    is_official,
    links,
    lookalike,
    odd_numbers,
    shortened,
    unusual_ending,
)

# The signs, in the order a reply lists them (ids match responses/scam_check.yml).
SIGNS = (
    "safe_account",
    "police_money",
    "remote_access",
    "codes",
    "payment_method",
    "secrecy",
    "threat",
    "urgency",
    "family_new_number",
    "prize",
    "investment",
    "fee",
    "details",
    "generic_greeting",
    "new_bank_details",
    "money_mule",
    "callback",
    "stranger_contact",
    "attachment",
    "lookalike",
    "not_official",
    "shortener",
    "odd_link",
    "premium_number",
    "personal_number",
    "international_number",
    "reads_like_a_scam",
)


@dataclass(frozen=True)
class Flag:
    sign: str
    phrase: str  # the words in the message that showed it


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


WORDS: Dict[str, re.Pattern[str]] = {
    "safe_account": _words(
        r"\b(?:move|transfer|put|send)\b[^.?!]{0,30}?\bsafe(?:ty)? account\b",
        r"\bsafe(?:ty)? account\b",
        r"\bmove (?:your|the) (?:money|funds|savings)\b",
        r"\btransfer (?:your|the) (?:money|funds|savings) (?:to|into) (?:a )?(?:new|secure|protected)",
        r"\bsecure (?:holding )?account\b",
    ),
    "police_money": _words(
        r"\bcut (?:the|your) (?:bank )?card\b|\benvelope\b[^.?!]{0,60}?\bpin\b|\bpin\b[^.?!]{0,60}?\benvelope\b",
        r"\b(?:undercover|covert|secret) (?:operation|investigation)\b",
        r"\b(?:someone|a courier|a driver|a man|an officer)\b[^.?!]{0,30}?\bcollect\b",
        r"\bin cash\b[^.?!]{0,40}?\bcollect\w*\b",
        r"\b(?:police|officer|detective|constable|fraud squad)\b[^.?!]{0,120}?"
        r"\b(?:withdraw|cash|courier|collect your (?:card|bank card)|hand over|your (?:bank )?card|pin)\b",
        r"\bcourier (?:will|to) collect\b",
    ),
    "remote_access": _words(
        r"\bany ?desk\b",
        r"\bteam ?viewer\b",
        r"\bquick ?support\b",
        r"\bremote (?:access|desktop|support|control)\b",
        r"\b(?:download|install) (?:this|the|an|our) (?:app|application|software|program)\b",
        r"\baccess (?:to )?your (?:computer|laptop|pc|device|phone)\b",
        r"\b(?:fix|repair|access|check|clean) (?:it|this|them|your \w+) remotely\b",
        r"\b(?:do not|don'?t) (?:turn|switch) off your (?:computer|laptop|pc|router)\b",
    ),
    "codes": _words(
        r"\b(?:forward|send|tell|give|read)\b[^.?!]{0,15}?\b(?:me )?the code\b",
        r"\bsending you a code\b[^?]{0,60}?\b(?:tell|send|give|read)\b",
        r"\bsent (?:you )?(?:a|the|my) (?:\w+ )?code\b[^.?!]{0,40}?\bby (?:mistake|accident)\b",
        r"\b(?:send|forward|pass) (?:it|the code|that code|me the code) (?:back|to me|over)\b",
        r"\b(?:three|3) digits on the back\b|\bsecurity code on the back\b",
        r"\b(?:asked|wanted|needed|asking) (?:for )?(?:my|your) (?:bank |account |full )?(?:card (?:number|details)|password|pin|passcode)\b",
        r"\breply\b[^.?!]{0,40}?\bwith the (?:code|pin|number we sent)\b",
        r"\b(?:asked|wanted|needed|asking) (?:for )?(?:my|your) (?:full )?(?:pin|password|passcode|card details|card number|online banking|login)\b",
        r"\b(?:read|tell|give|send|share|confirm|provide)\b[^.?!]{0,30}?\b(?:code|pin|password|passcode|passphrase)\b",
        r"\b(?:one[- ]time|verification|security|6[- ]digit|six[- ]digit) (?:code|passcode|number)\b[^.?!]{0,40}?"
        r"\b(?:send|tell|read|give|reply|share|provide)\b",
        r"\b(?:enter|confirm|update|verify) (?:your )?(?:card (?:details|number)|bank details|login|password|pin|"
        r"cvv|security (?:number|details))\b",
        r"\bcvv\b|\bcard security code\b|\blong card number\b",
        r"\b(?:forward|send|tell|give|pass)\b[^.?!]{0,25}?\b(?:\d|six|four|five|eight) ?(?:digits?|digit code|numbers?)\b",
        r"\bthe code (?:it|they|we|i) (?:just )?sent (?:to )?you\b",
    ),
    "payment_method": _words(
        r"\bf ?& ?f\b",
        r"\bscan (?:the|this) qr code\b[^.?!]{0,40}?\b(?:pay|payment|fine|charge)\b",
        r"\b(?:deposit|payment|fee)\b[^.?!]{0,30}?\bby bank transfer\b",
        r"\bno longer accept (?:payments?|card payments?)\b",
        r"\bpay (?:us |me )?(?:directly )?(?:by|via) (?:bank )?transfer\b",
        r"\b(?:donate|pay|send)\b[^.?!]{0,20}?\bby bank transfer\b",
        r"\b(?:pay|paying|paid|payment|buy|purchase|send me)\b[^.?!]{0,30}?\bgift ?cards?\b",
        r"\bgift ?cards?\b[^.?!]{0,30}?\b(?:codes?|numbers on the back|scratch)\b",
        r"\b(?:itunes|apple|google play|steam|amazon|argos) (?:gift )?(?:cards?|vouchers?)\b",
        r"\bvouchers?\b[^.?!]{0,30}?\b(?:pay|code|scratch)",
        r"\b(?:bitcoin|btc|crypto(?:currency)?|usdt|tether|ethereum|wallet address)\b",
        r"\bwestern union\b|\bmoneygram\b",
        r"\bpay (?:by|via|through) (?:bank transfer|transfer)\b",
        r"\bbank transfer (?:only|direct)\b",
        r"\bfriends (?:and|&) family\b|\bnot (?:via |through |as )?goods (?:and|&) services\b",
        r"\bpaysafe(?:card)?\b|\bsend (?:it |the money )?to my paypal\b",
    ),
    "secrecy": _words(
        r"\b(?:don'?t|do not) tell (?:your )?(?:mum|dad|mom|wife|husband|partner|son|daughter|kids|children|anyone)\b",
        r"\b(?:don'?t|do not|never) (?:tell|mention|discuss|inform|speak to|talk to)\b[^.?!]{0,40}?"
        r"\b(?:anyone|anybody|bank|staff|family|friends?|cashier|police|branch)\b",
        r"\bkeep (?:this|it) (?:confidential|secret|between us|to yourself|quiet)\b",
        r"\b(?:strictly )?confidential (?:investigation|matter|operation)\b",
        r"\bbetween (?:you and me|us)\b",
    ),
    "threat": _words(
        r"\binfected with\b|\b\d+ viruses\b|\bvirus(?:es)? (?:detected|found)\b",
        r"\b(?:post|share|send|show) (?:it|them|this|these|everything|the (?:pictures|photos|video|screenshots)) to (?:all )?(?:your|everyone)\b",
        r"\bpenalty charge\b",
        r"\bunless (?:you|he|she|they|i|we) pa(?:y|id)\b",
        r"\bfailure to (?:pay|respond|comply|act|update|verify|reply)\b",
        r"\bto avoid (?:disconnection|suspension|closure|legal action|a penalty|further charges|prosecution|"
        r"being (?:charged|fined|cut off|disconnected))\b",
        r"\bstruck off\b|\bwill be held unless\b",
        r"\b(?:arrest(?:ed)?|warrant|prosecut\w+|legal (?:action|proceedings)|court (?:action|case|summons)|"
        r"bailiffs?|enforcement (?:agents?|action)|deport\w*)\b",
        r"\b(?:account|card|licen[cs]e|service|number|access|profile|page|case|claim|file)\b[^.?!]{0,25}?"
        r"\b(?:will be|has been|have been|is being|is|are|may be|could be|to be|being) "
        r"(?:suspended|blocked|locked|frozen|closed|disabled|terminated|deactivated|restricted|cancelled)\b",
        r"\b(?:penalty|fine) of\b|\bfined\b",
        r"\b(?:i have|i've) (?:recorded|got|captured)\b[^.?!]{0,40}?\b(?:video|footage|webcam|camera)\b",
        r"\bsend (?:it|the video|this) to (?:all )?your (?:contacts|friends|family)\b",
    ),
    "urgency": _words(
        r"\bbefore the price (?:goes up|rises|changes)\b",
        r"\b(?:in|within) the next (?:hour|few hours|\d+ (?:hours?|minutes?))\b",
        r"\bat midnight\b|\bby midnight\b|\b(?:pay|transfer) today or\b",
        r"\bfirst come,? first served\b|\b(?:spaces|places|slots) (?:going|are going|left|limited)\b",
        r"\blimited (?:slots|places|spaces|time|availability)\b",
        r"\b(?:please )?hurry\b|\btick tock\b|\b(?:don'?t|do not) miss (?:this|out)\b|\b(?:will not|won't) come again\b",
        r"\b(?:wasn'?t|isn'?t|no) time\b|\bscheme (?:closes|closed|ends)\b|\bredeem now\b|\bclaim now\b",
        r"\burgent(?:ly)?\b",
        r"\bimmediate(?:ly)?\b",
        r"\bright away\b|\bat once\b|\bas soon as possible\b|\basap\b",
        r"\bwithin (?:the next )?(?:\d+|one|two|twenty[- ]four) ?(?:hours?|hrs?|minutes?|mins?)\b",
        r"\bwithin (?:the next )?(?:1|2|3|one|two|three) ?days?\b",
        r"\b(?:today|tonight) only\b|\bexpires? (?:today|tonight|soon)\b|\blast chance\b|\bfinal (?:notice|reminder|warning)\b",
        r"\b(?:act|call|respond|reply|pay) now\b",
        r"\bbefore (?:it'?s too late|midnight|the end of (?:the )?day)\b",
        r"\btime is running out\b|\b(?:don'?t|do not) delay\b|\bwithout delay\b",
        r"\b(?:offer|deal|scheme|price) (?:closes|ends|expires)\b|\bfor the price to be held\b",
        r"\b(?:pressed|pressured|pushed|rushed|hurried) me\b|\bstay on the (?:line|phone)\b",
    ),
    "family_new_number": _words(
        r"\b(?:mum|mom|mummy|dad|daddy)\b[\s\S]{0,60}?\bphone'?s (?:broken|smashed|died|dead)\b",
        r"\b(?:mum|mom|mummy|dad|daddy)\b[\s\S]{0,60}?\b(?:using (?:this|a) (?:one|phone)|on a (?:mate|friend)'?s phone)\b",
        r"\b(?:mum|mom|mummy|dad|daddy)\b[\s\S]{0,60}?\b(?:new number|mate'?s phone|friend'?s phone)\b",
        r"\bit'?s me\b[\s\S]{0,40}?\b(?:new number|new phone|mate'?s phone|friend'?s phone)\b",
        r"\b(?:hi|hey|hello)?\s*(?:mum|mom|mummy|dad|daddy|mam|nan|gran)\b[^.?!]{0,80}?"
        r"\b(?:new (?:number|phone|mobile)|lost my phone|broke my phone|phone (?:is )?(?:broken|smashed|died)|"
        r"dropped my phone|(?:this|my) (?:other|temporary|temp) number)\b",
        r"\b(?:new (?:number|phone|mobile)|lost my phone|broke my phone|phone (?:is )?(?:broken|smashed))\b"
        r"[^.?!]{0,80}?\b(?:mum|mom|mummy|dad|daddy)\b",
    ),
    "prize": _words(
        r"\bestate of the late\b|\b(?:beneficiary|next of kin)\b[^.?!]{0,60}?\b(?:estate|inheritance|funds|assets)\b",
        r"\b(?:due|owed) a (?:refund|rebate|payment)\b",
        r"\bgiving away\b|\bgiveaway\b",
        r"\bunused (?:loyalty |reward )?points\b[^.?!]{0,30}?£",
        r"\bqualif(?:y|ied|ies) for (?:a |free )?(?:grant|refund|rebate|free)\b",
        r"\b(?:you(?:'ve| have)|you are|you're)\b[^.?!]{0,20}?\b(?:won|winner|been selected|been chosen|been picked)\b",
        r"\blist of winners\b|\bwinners? list\b|\bwinning (?:numbers|ticket)\b|\bgiving (?:it|them|this|these) away\b",
        r"\bwinners? (?:will )?(?:need|needs|must|has|have) to pay\b",
        r"\b(?:grant|funding|money)\b[^.?!]{0,40}?\b(?:(?:don'?t|do not) have to (?:pay|give) (?:it )?back|no need to repay)\b",
        r"\b(?:claim|collect) your (?:prize|reward|winnings|gift|voucher|refund|rebate|compensation)\b",
        r"\b(?:lottery|prize draw|sweepstake|jackpot)\b",
        r"\bcongratulations\b[^.?!]{0,60}?\b(?:won|winner|selected|prize|reward|gift)\b",
        r"\b(?:tax|council tax|energy|fuel|cost of living) (?:refund|rebate|payment)\b[^.?!]{0,60}?"
        r"\b(?:claim|owed|eligible|entitled|due)\b",
        r"\b(?:you are|you're) (?:owed|eligible for|entitled to)\b[^.?!]{0,30}?\b(?:refund|rebate|payment|compensation)\b",
    ),
    "investment": _words(
        r"\bmade \d+(?:\.\d+)? ?%|\bsignals? for (?:gold|crypto|forex|stocks|trades|contracts)\b",
        r"\bstart with (?:just |only )?£ ?\d|\bgovernment[- ]backed (?:platform|scheme|investment|trading)\b|£1,000s a week",
        r"\bpension (?:review|health check)\b",
        r"\bregardless of (?:your )?credit (?:history|rating|score)\b|\bguaranteed (?:loan|approval)\b",
        r"\binvestment (?:education |learning )?group\b|\b(?:signals?|trading tips) group\b|\baccuracy (?:rate )?of \d+ ?%",
        r"\b\d+(?:\.\d+)? ?% (?:daily|weekly|monthly|guaranteed)\b",
        r"\bguaranteed\b[^.?!]{0,30}?\breturns?\b",
        r"\bunlock (?:your |my )?pension\b|\bpension (?:release|unlocking)\b",
        r"\bearn\w*\b[^.?!]{0,20}?£ ?\d[\d,]*(?:\s*[-–]\s*£?\d[\d,]*)? ?(?:a |per |each |/)?(?:day|daily|week|weekly|hour)\b",
        r"\bguaranteed (?:returns?|profits?|income)\b",
        r"\b(?:double|triple) your (?:money|investment)\b",
        r"\b\d+ ?% (?:returns? )?(?:a|per|each|every) (?:day|week|month)\b",
        r"\brisk[- ]free\b",
        r"\b(?:earn|make|making) (?:up to )?£ ?\d[\d,]*(?:\.\d+)? (?:a|per|each|every) (?:day|week|hour)\b",
        r"\b(?:trading|investment|crypto) (?:platform|opportunity|scheme|account manager)\b",
        r"\bpassive income\b|\bfinancial freedom\b",
        r"\b\d+(?:\.\d+)? ?% (?:profit|returns?|gains?|interest)\b|\bguaranteed (?:\d+(?:\.\d+)? ?%|high)\b",
        r"\b(?:inside|insider) (?:signals?|tips|information|knowledge)\b|\b(?:stock|share|crypto|trading) "
        r"(?:\w+ )?(?:group|picks|signals|tips)\b|\brisen (?:by )?\d+ ?%",
        r"\b(?:made|earned|turned|got back|returned|making)\b[^.?!]{0,12}?£ ?\d[\d,]*(?:k)? (?:from|out of|with|on) "
        r"(?:a |an |just |only |my )?£ ?\d[\d,]*",
        r"\binvested\b[^.?!]{0,40}?\b(?:got back|made|earned|returned|now worth)\b",
        r"\b(?:unlock|release)\b[^.?!]{0,30}?\bpension\b|\bpension\b[^.?!]{0,40}?\bbefore (?:55|57|the age)\b",
        r"\b(?:salary|paid|pay|income|commission)\b[^.?!]{0,12}?£ ?\d[\d,]*(?:\s*[-–]\s*£?\d[\d,]*)? "
        r"?(?:a |per |each |/)?(?:day|daily)\b",
        r"\b(?:like|liking|rate|rating|review) (?:videos|products|posts)\b[^.?!]{0,40}?\b(?:paid|earn|commission)\b",
    ),
    "fee": _words(
        r"\bpay the customs\b|\bcall[- ]out fee\b",
        r"\b(?:can ?not|can'?t|unable to) show you the (?:flat|house|property|room)\b",
        r"\bone[- ]off (?:\w+ )?(?:fee|payment|charge)\b|\b(?:arrangement|admin|booking|holding|release) fee\b",
        r"\bdeposit\b[^.?!]{0,40}?\b(?:secures?|hold|reserve)\b",
        r"\b(?:send|pay)\b[^.?!]{0,15}?£ ?\d[\d,.]* (?:deposit|fee)\b",
        r"\bregistration fee\b|\bjust pay (?:the )?(?:shipping|postage|delivery)\b",
        r"\boutstanding(?: \w+)? (?:fee|charge|balance|payment|toll) of\b",
        r"\b(?:redelivery|delivery|shipping|customs|handling|admin(?:istration)?|release|processing|unlock|"
        r"small|outstanding|unpaid) (?:fee|charge|payment|duty)\b",
        r"\b(?:pay|paying) (?:a |the )?(?:small )?(?:fee|charge) of\b",
        r"\bpay (?:a )?deposit (?:before|to secure|to reserve)\b",
        r"\brefund (?:the )?(?:£ ?[\d,.]+ )?(?:difference|extra|overpayment)\b|\boverpaid\b|\bsent (?:you )?too much\b",
        r"\bsent you £ ?[\d,.]+ instead of\b",
        r"\b(?:verification|activation|insurance|clearance|transfer|unlocking|release|courier|survey) "
        r"(?:fee|charge|cost)\b",
        r"\b(?:fee|insurance|deposit|charge|payment)\b[^.?!]{0,40}?\b(?:will be |is |it is |it's |fully )?(?:refunded|refundable)\b",
        r"£ ?\d[\d,.]* (?:up ?front|in advance)\b|\b(?:up ?front|advance) (?:fee|payment|cost)\b",
        r"\b(?:need|needs|needed)\b[^.?!]{0,10}?£ ?\d[\d,.]* (?:to cover|for (?:the )?(?:vet|transport|delivery|postage|courier))\b",
        r"\bpay\b[^.?!]{0,10}?£ ?\d[\d,.]* (?:insurance|fee|deposit|charge|tax|duty)\b",
        r"\bkeys? (?:will be )?(?:posted|sent)\b[^.?!]{0,30}?\bdeposit\b|\b(?:owner|landlord)\b[^.?!]{0,20}?"
        r"\b(?:living|lives|working|based) abroad\b",
        r"\bto (?:receive|release|unlock) (?:the |your )?(?:funds|payment|money|prize|winnings)\b",
        r"\b(?:duty|fee|charge|balance)\b[^.?!]{0,30}?\boutstanding\b",
        r"\b(?:have|get) (?:a |the )?(?:cheque|cash) ready\b|\b(?:in )?cash when (?:our|the|my) (?:team|man|driver|courier|representative|advisor)\b",
    ),
    "new_bank_details": _words(
        r"\b(?:our|my)(?: \w+)? (?:bank |account )?details have changed\b|\bmoved (?:our|my) (?:business |bank )?account\b",
        r"\bmoving (?:customers|you) to (?:pay(?:ing)? by )?bank transfer\b",
        r"\b(?:mate|friend|landlady|landlord)'?s?\b[\s\S]{0,60}?\bsort\b|\bsort\b[\s\S]{0,80}?\b(?:mate|friend)'?s\b",
        r"\b(?:payments?|funds|money) (?:must|should) (?:now )?(?:go|be (?:sent|paid|made)) to\b",
        r"\b(?:disregard|ignore) the (?:bank |account )?details\b",
        r"\b(?:our|my) (?:bank|account) details have changed\b|\bnew (?:bank|account) details\b",
        r"\bsend\b[^.?!]{0,30}?\bto this account\b",
        r"\b(?:to|into) (?:our |my |his |her |the )?(?:\w+'?s )?personal (?:bank )?account\b",
        r"\b(?:sent|paid|transferred|go|going) to (?:our|my|the) (?:alternative|new|different|updated|other) (?:\w+ )?account\b",
        r"\b(?:to|into) (?:my )?(?:friend|mate|cousin|brother|sister|colleague)'?s (?:\w+'?s )?account\b",
    ),
    "money_mule": _words(
        r"\bdo you have online banking\b|\bwe will send you a cheque\b",
        r"\b(?:borrow|use|lend me) your (?:bank )?account\b",
        r"\breceive (?:money|a payment|funds) (?:into your account )?and (?:send|transfer|pass) it on\b",
        r"\bkeep £ ?\d[\d,]* for yourself\b",
    ),
    "callback": _words(
        r"\bif (?:you )?(?:did not|didn'?t|do not|don'?t) (?:recogni[sz]e|authori[sz]e|make|place|order|request)\b"
        r"[^.?!]{0,60}?\b(?:call|ring|phone|contact)\b[^.?!]{0,70}?\d{3}[\d ]{4,}\d",
        r"\bif (?:this|it) (?:was|is) not (?:you|yours)\b[^.?!]{0,60}?\b(?:call|ring|phone)\b[^.?!]{0,40}?\d{3}[\d ]{4,}\d",
        r"\bif (?:this|it) (?:wasn'?t|isn'?t) (?:you|yours)\b[^.?!]{0,60}?\b(?:call|ring|phone)\b[^.?!]{0,40}?\d{3}[\d ]{4,}\d",
        r"\breply\b[^.?!]{0,30}?\band we(?:'ll| will) (?:call|ring|phone) you\b",
    ),
    "stranger_contact": _words(
        r"\bcan we (?:talk|chat|continue|move) (?:on|to) (?:google chat|hangouts|whatsapp|telegram|signal)\b",
        r"\b(?:us army|peacekeeping|oil rig|on a rig|un mission|united nations)\b",
        r"\bcame across your (?:profile|page|number|picture|photo)\b",
        r"\b(?:chat|talk|continue|move)\b[^.?!]{0,20}?\b(?:on|to) (?:whatsapp|telegram|signal|hangouts)\b[^.?!]{0,10}?\binstead\b",
        r"\b(?:found|got|saw) your (?:email|profile|number|contact details|cv)\b",
        r"\bwe saw your cv\b",
        r"\bwrong number\b[\s\S]{0,200}?\b(?:friends?|chat|fate|kind)\b",
        r"\btelegram\b[^.?!]{0,10}?@\w+|@\w+[^.?!]{0,15}?\bon telegram\b",
    ),
    "attachment": _words(
        r"\b[\w-]+\.(?:html?|zip|exe|scr|iso|js|vbs)\b(?=[^\w]|$)",
    ),
    "generic_greeting": _words(
        r"^\s*(?:(?:from|subject):[^\n]*\n\s*)*(?:dear|hello|hi) (?:valued |our )?(?:customer|client|user|member|"
        r"account holder|sir or madam|sir/madam|beneficiary)\b",
    ),
    "details": _words(
        r"\b(?:confirm|provide|send)\b[^.?!]{0,30}?\b(?:full name|date of birth|mother'?s maiden name)\b",
        r"\bconfirm your card\b|\bsign in with your (?:email|microsoft|office|google|apple) account\b",
        r"\b(?:verify|confirm|update|validate|re-?enter) (?:your )?(?:account|details|identity|information|"
        r"personal details|address|payment (?:details|information|method))\b",
        r"\b(?:reply|respond) with your (?:full )?(?:name|address|date of birth|details|bank)\b",
        r"\bsort code and account number\b",
        r"\b(?:asked|wanted|needed|asking)\b[^.?!]{0,10}?\b(?:for )?(?:my|your) (?:full name|national insurance|"
        r"date of birth|bank details|card details|passport)",
        r"\bsign(?:ing)? in with your (?:current )?(?:email|username) and password\b|\b(?:update|confirm) your billing\b",
        r"\b(?:mailbox|email storage|storage) (?:is )?(?:\d+% )?(?:almost )?full\b",
    ),
}


# Genuine messages warn: "we will never ask you to move money to a safe
# account", "don't share this code". A sign's words within a few words after
# one of these, in the same clause, are advice, not a request. (A sign whose
# own words start with a negation, "don't tell anyone", is not negated.)
# "we'll never ask you to move money or share your PIN": the negation
# governs a verb of asking or giving, and reaches across "or" to the end of
# the clause. "Nothing urgent", "not urgent": a negation just before the words.
# "If you do not pay we will take legal action" is a condition, not a warning.
_NEGATION = re.compile(
    r"^(?:never|not|don'?t|won'?t|will not|cannot|can'?t|no one|nobody|nothing|no)$", re.IGNORECASE
)
_WARNING = re.compile(
    r"\b(?:never|not|don'?t|won'?t|cannot|can'?t|no one|nobody|no)\b(?:\s+[^\s,;:]+){0,3}?\s+"
    r"(?:ask|asks|share|give|tell|send|reply|disclose|request|call|email|text|need|require|move|transfer|click|contact|"
    r"pass|hand|withdraw|collect)\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(?:if|unless) (?:you|u|they|he|she)\b", re.IGNORECASE)
NEGATION_WORDS = 2
WARNING_WORDS = 16


def _negated(before: str) -> bool:
    clause = re.split(r"[.?!\n,;:]", before)[-1]
    if any(_NEGATION.match(word) for word in clause.split()[-NEGATION_WORDS:]):
        return True
    # A warning's list runs across commas: "will never ask you to withdraw
    # money, transfer it to a safe account or hand over your PIN".
    sentence = re.split(r"[.?!\n]", before)[-1]
    scope = " ".join(sentence.split()[-WARNING_WORDS:])
    return bool(_WARNING.search(scope)) and not _CONDITION.search(scope)


# Police and bank alerts describe the scam: "people pretending to be police
# officers, asking them to withdraw cash". Such a sentence is a warning.
_DESCRIBES_A_SCAM = re.compile(
    r"\b(?:pretend(?:s|ing)?|pos(?:e|es|ing) as|claim(?:s|ing)? to be|impersonat\w+)\b|\breports? of (?:people|calls|callers|scam)",
    re.IGNORECASE,
)


def _describes_a_scam(text: str, match: re.Match[str]) -> bool:
    """The sentence around the match describes a scam, or the match itself
    holds a warning after its first word ("police will never ask you to...")."""
    start = max(text.rfind(mark, 0, match.start()) for mark in ".?!\n") + 1
    ends = [i for i in (text.find(mark, match.end()) for mark in ".?!\n") if i != -1]
    if _DESCRIBES_A_SCAM.search(text[start : min(ends, default=len(text))]):
        return True
    rest = match.group(0).split(None, 1)
    return len(rest) == 2 and bool(_WARNING.search(rest[1])) and not _CONDITION.search(match.group(0))


def _first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        if not _negated(text[: match.start()]) and not _describes_a_scam(text, match):
            return match
    return None


def _phrase(text: str, start: int, end: int, limit: int = 80) -> str:
    """The matched words, whole words, at most `limit` characters, one line."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    phrase = " ".join(text[start:end].split())
    return phrase if len(phrase) <= limit else phrase[: limit - 1].rsplit(" ", 1)[0] + "…"


def named(text: str, official: Mapping[str, Mapping[str, Sequence[str]]]) -> List[str]:
    """The organisations a message names (by the words in their content entry)."""
    lowered = f" {' '.join(text.lower().split())} "
    return [
        org
        for org, entry in official.items()
        if any(
            re.search(rf"(?<![\w]){re.escape(word.lower())}(?![\w])", lowered)
            for word in entry.get("names", ())
        )
    ]


def check(text: str, official: Mapping[str, Mapping[str, Sequence[str]]]) -> List[Flag]:
    """The red flags in `text`, in SIGNS order, each once. `official` maps an
    organisation to {"names": words that name it, "domains": its own domains}."""
    found: Dict[str, str] = {}
    for sign, pattern in WORDS.items():
        match = _first(pattern, text)
        if match:
            found[sign] = _phrase(text, match.start(), match.end())

    mentioned = named(text, official)
    every_official = [d for entry in official.values() for d in entry.get("domains", ())]
    own_domains = [d for org in mentioned for d in official[org].get("domains", ())]
    found_links = links(text)
    if mentioned and (
        _from_official_sender(text, own_domains) or _only_official_links(found_links, own_domains)
    ):
        # Sent from the named organisation's own domain: its reminders and
        # prize notices are what such messages say. Requests still count.
        for sign in _SOFT:
            found.pop(sign, None)
    names = _names(text) if found_links else []
    for link in found_links:
        imitated = lookalike(link, official)
        if link.email and not imitated and not unusual_ending(link):
            continue  # an address to write to, not a page to open
        if shortened(link):
            found.setdefault("shortener", link.text)
            continue
        if ip_address(link):
            found.setdefault("odd_link", link.text)
            continue
        if imitated:
            found.setdefault("lookalike", link.text)
            continue
        if is_official(link, every_official):
            continue
        if mentioned and not link.descriptor and not _senders_own(link, names):
            found.setdefault("not_official", link.text)
        elif unusual_ending(link) or action_words_domain(link):
            found.setdefault("odd_link", link.text)
    for number in odd_numbers(text):
        found.setdefault(f"{number.kind}_number", number.text)
    likeness = learnt.score(text)
    if likeness < learnt.READS_LIKE_GENUINE:
        # Worded like the genuine messages learnt from: only the signs no
        # genuine message carries stay.
        found = {sign: phrase for sign, phrase in found.items() if sign in _TELLING}
    if not found and likeness >= learnt.READS_LIKE_A_SCAM and not _DESCRIBES_A_SCAM.search(text):
        # (An alert that describes a scam is worded like one, but is not one.)
        found["reads_like_a_scam"] = learnt.most_telling(text)
    if set(found) <= _SUPPORTING:
        return []  # "Dear customer" alone is how many real bills begin
    return [Flag(sign, found[sign]) for sign in SIGNS if sign in found]


# Signs that are what genuine messages from the organisation also say.
_SOFT = ("prize", "urgency", "generic_greeting", "details")
# Signs that stand whatever the wording around them: requests and links that
# genuine organisations do not make.
_TELLING = {
    "safe_account",
    "police_money",
    "remote_access",
    "codes",
    "payment_method",
    "secrecy",
    "family_new_number",
    "new_bank_details",
    "money_mule",
    "lookalike",
    "shortener",
    "premium_number",
}
# Signs that count only beside another.
_SUPPORTING = {"generic_greeting"}
_FROM = re.compile(r"^\s*from:[^\n]*@([\w.-]+)", re.IGNORECASE | re.MULTILINE)


def _only_official_links(found: Sequence[Link], domains: Sequence[str]) -> bool:
    """Every link (not email address) is on one of `domains`, and there is one."""
    pages = [link for link in found if not link.email]
    return bool(pages) and all(is_official(link, domains) for link in pages)


def _names(text: str) -> List[str]:
    """The capitalised names in `text` (up to three words): "John Lewis"."""
    return re.findall(r"\b[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,2}", text)


def _senders_own(link: Link, names: Sequence[str]) -> bool:
    """A link to the site of a name the message is signed or headed with
    (Specsavers, John Lewis, LinkedIn), though it names another organisation
    too (the NHS, DPD): "johnlewis.com" in a John Lewis email."""
    label = link.registrable.split(".")[0]
    if not label.isalpha() or len(label) < 3:
        return False
    return any(label == "".join(name.split()).lower() for name in names) or any(
        label == word.lower() for name in names for word in name.split()
    )


def _from_official_sender(text: str, domains: Sequence[str]) -> bool:
    """The message's From: line is an address on one of `domains`."""
    sender = _FROM.search(text)
    if not sender:
        return False
    host = sender.group(1).lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)
