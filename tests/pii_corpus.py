"""Personal details in realistic sentences, with the exact values that must
never be stored. Shared by the redaction and tracker store tests."""

PII_CORPUS = [
    ("my mobile is 07700 900123 if the police need me", ["07700 900123"]),
    ("ring me on +44 7700 900456 after 6", ["+44 7700 900456", "7700 900456"]),
    ("landline 01245 491491 is best", ["01245 491491"]),
    ("you can email me on jo.bloggs+scam@example.co.uk", ["jo.bloggs+scam@example.co.uk"]),
    ("I live at 12 High Street, CM1 1QH, is that area bad for burglary", ["CM1 1QH"]),
    ("our postcode is ss0 7aa and cars keep getting done", ["ss0 7aa"]),
    ("the van that stole my tools was AB12 CDE", ["AB12 CDE"]),
    ("reg was gf19xyz, a white transit", ["gf19xyz"]),
    ("old reg P123 ABC keeps parking outside", ["P123 ABC"]),
    ("they took 4111 1111 1111 1111 off me on the phone", ["4111 1111 1111 1111"]),
    ("card number 5555-5555-5555-4444 used online", ["5555-5555-5555-4444"]),
    ("gave them my NI number AB 12 34 56 C like an idiot", ["AB 12 34 56 C"]),
    ("my national insurance is qq123456c", ["qq123456c"]),
    ("account 31926819 sort code 60-16-13 was emptied", ["31926819", "60-16-13"]),
    ("Hi my name is Sarah Jones and my bike was nicked", ["Sarah Jones"]),
    ("my name's dave, someone keeps messaging me", ["dave"]),
    ("i'm called Priya and I'm worried about scams", ["Priya"]),
    ("my neighbour Gary Wilson is dealing from his flat", ["Gary Wilson"]),
    ("Mrs Okonkwo next door was conned by a rogue trader", ["Okonkwo"]),
    ("This is Tom, my car was broken into", ["Tom"]),
]
