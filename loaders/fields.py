"""Source kinds, their canonical fields, and the header spellings that map to them.

The kind names and field names are part of graphfraud's interface (see
``docs/fields.md``). Header matching folds accents, case, spacing and
punctuation (``"Số tài khoản"`` == ``"so tai khoan"`` == ``"SO_TAI_KHOAN"``),
so each alias below is written once in its plainest form.
"""

from __future__ import annotations

KINDS: dict[str, tuple[str, ...]] = {
    "transactions": (
        "txn_id", "timestamp", "time_of_day", "from_account", "from_bank", "to_account", "to_bank",
        "amount", "currency", "channel", "ip", "device_id", "description", "case_id",
    ),
    "calls": ("caller", "callee", "timestamp", "time_of_day", "duration_s", "call_type", "origin_country",
              "case_id",
              # one subscriber's list of calls: the other party, and which way each call went
              "subscriber", "other_party", "call_direction"),
    "logins": ("account", "bank", "ip", "device_id", "timestamp", "time_of_day", "country"),
    "accounts": (
        "account", "bank", "holder_name", "holder_id", "phone", "email",
        "biometric_verified", "opened_at",
    ),
    "reports": (
        "case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
        "suspect_phone", "suspect_account", "suspect_bank", "suspect_social", "suspect_url",
        "suspect_email", "suspect_ip", "amount_lost", "scam_type", "narrative",
    ),
    "social": ("social_account", "platform", "phone", "email", "display_name"),
    # one account's statement (sao kê): each row moves money between that account and a counterparty,
    # out when it is a debit, in when a credit; the account is a column or stated above the table
    "statements": (
        "account", "bank", "txn_id", "timestamp", "time_of_day", "debit", "credit", "amount", "direction",
        "counterparty_account", "counterparty_bank", "counterparty_name", "currency", "channel",
        "description", "balance", "case_id",
    ),
}

# Fields whose presence identifies a kind (all of one group must be mapped).
KIND_SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "transactions": (("from_account", "to_account"),),
    "calls": (("caller", "callee"), ("other_party", "call_direction"), ("other_party", "call_type")),
    "reports": (("case_id", "victim_name"), ("case_id", "suspect_phone"), ("case_id", "suspect_account"),
                ("case_id", "victim_phone"), ("case_id", "amount_lost")),
    "logins": (("account", "ip"), ("account", "device_id")),
    "accounts": (("account", "holder_name"), ("account", "holder_id"), ("account", "biometric_verified")),
    "social": (("social_account",),),
    "statements": (("counterparty_account", "debit", "credit"), ("counterparty_account", "amount", "direction"),
                   ("description", "debit", "credit"), ("description", "amount", "direction"),
                   # one column: the credits (or the debits) only
                   ("counterparty_account", "credit"), ("counterparty_account", "debit"),
                   ("description", "credit"), ("description", "debit")),
}

# Signatures that hold only when the kind is named (--kind) or the title above the table says the way
# of every row ("SỐ TIỀN CHUYỂN VÀO TK"): one amount column, whose sign or that title gives the way.
# Found alone they would also fit a transfers export whose receiver column is not recognised.
WEAK_SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "statements": (("counterparty_account", "amount"), ("description", "amount")),
}

# Headers that are read as nothing: labels a simulator writes for evaluation (whether a row is
# laundering, its typology, its alert: IBM AMLworld and AMLSim, SAML-D, PaySim) must not become a
# property that an analysis could read.
LABEL_HEADERS: tuple[str, ...] = ("Is Laundering", "IsLaundering", "isFraud", "is fraud", "isSAR", "is sar")
IGNORED_HEADERS: tuple[str, ...] = (*LABEL_HEADERS, "laundering type", "alert id", "alertid", "is flagged fraud",
                                    "isflaggedfraud", "is account takeover", "is attack ip", "is attack")

# A header naming an account with no direction ("Account"), right after a bank column, is the account
# of that bank's side: "From Bank, Account, To Bank, Account" (IBM AMLworld exports).
SIDE_ACCOUNT_AFTER: dict[str, str] = {"from_bank": "from_account", "to_bank": "to_account"}
SIDE_ACCOUNT_HEADERS: tuple[str, ...] = ("account", "account number", "account no", "acct", "so tai khoan",
                                         "tai khoan", "stk", "so tk", "tk", "account id")
# The one of the two sides a file's other account column names: "account_id, bank_to, account_to" (a
# payment order's own account beside its payee's) is from_account.
OTHER_SIDE: dict[str, str] = {"to_account": "from_account", "from_account": "to_account"}

# Headers that may name a field, and are read so only where the column's cells fit that field (a sample
# of them, see graphfraud.loaders.detect): SePay's "transferType" holds in/out, another export's
# "Transaction type" a payment scheme (NAPAS, Internal), which is no way of the money.
CHECKED_ALIASES: dict[str, tuple[str, ...]] = {
    "direction": ("transfer type", "transaction type", "type", "loai giao dich", "loai gd", "loai", "kieu",
                  "kieu giao dich", "tx type", "txn type", "trans type", "in out type"),
}

# Headers written in signs only, which folding would empty: the way of each row's amount ("+" in, "-" out).
SIGN_HEADERS: dict[str, str] = {"+/-": "direction", "+-": "direction", "-/+": "direction", "(+/-)": "direction",
                                "±": "direction", "+/−": "direction"}

# Header aliases per field, written plainly (accents, case, spaces, punctuation are folded
# before comparing). A bare field name always matches itself.
ALIASES: dict[str, tuple[str, ...]] = {
    # shared
    "timestamp": ("thoi gian", "ngay gio", "time", "datetime", "date time", "ngay giao dich",
                  "thoi gian giao dich", "transaction time", "transaction date", "ngay", "date",
                  "thoi diem", "login time", "thoi gian dang nhap", "call time", "thoi gian goi",
                  "start time", "gio goi",
                  "step"),  # a simulator's time step (PaySim, AMLSim): read as a step number
    # the time of a row whose date is another column ("Ngày" | "Giờ", "Date" | "Time"): a second
    # column that would name the timestamp is this one (graphfraud.loaders.detect)
    "time_of_day": ("gio", "gio giao dich", "time of day", "thoi gian trong ngay", "gio phut", "gio gd"),
    "case_id": ("ma vu viec", "so vu viec", "ma ho so", "case", "case id", "case no", "case number",
                "vu viec", "ma vu an"),
    "ip": ("dia chi ip", "ip address", "ip dang nhap", "client ip", "source ip"),
    "device_id": ("ma thiet bi", "thiet bi", "device", "device id", "imei", "device identifier"),
    "amount": ("so tien", "so tien giao dich", "amount", "value", "gia tri", "transaction amount",
               "so tien chuyen", "amount paid", "so tien chuyen di"),
    "currency": ("loai tien", "tien te", "ccy", "currency code", "don vi tien te", "don vi tien",
                 "payment currency", "ma tien te", "loai tien te"),
    "channel": ("kenh", "kenh giao dich", "channel", "payment format", "payment type", "payment method",
                "hinh thuc thanh toan"),
    "description": ("noi dung", "noi dung chuyen khoan", "dien giai", "description", "memo",
                    "narrative", "remark", "remarks"),
    "txn_id": ("ma giao dich", "so giao dich", "so tham chieu", "transaction id", "txn id",
               "reference", "ref no", "trans id", "tx id", "but toan", "so but toan"),
    # transactions
    "from_account": ("tai khoan ghi no", "so tai khoan ghi no", "tk ghi no", "tai khoan chuyen",
                     "tk chuyen", "stk chuyen", "so tai khoan chuyen", "tai khoan nguon", "tk nguon",
                     "debit account", "from account", "sender account", "source account",
                     "payer account", "sourcenodeid", "tai khoan gui", "stk gui",
                     "name orig", "account from", "acct from"),  # PaySim's and AMLSim's transaction logs: nameOrig, nameDest
    "from_bank": ("ngan hang chuyen", "ngan hang ghi no", "ngan hang nguon", "nh chuyen", "nh gui",
                  "from bank", "sender bank", "debit bank", "payer bank", "ngan hang gui", "bank from"),
    "to_account": ("tai khoan ghi co", "so tai khoan ghi co", "tk ghi co", "tai khoan nhan",
                   "tk nhan", "stk nhan", "so tai khoan nhan", "tai khoan dich", "tk dich",
                   "tai khoan thu huong", "credit account", "to account", "beneficiary account",
                   "receiver account", "payee account", "destination account", "targetnodeid",
                   "name dest", "account to", "acct to"),
    "to_bank": ("ngan hang nhan", "ngan hang ghi co", "ngan hang thu huong", "nh nhan", "nh thu huong",
                "to bank", "beneficiary bank", "receiver bank", "credit bank", "payee bank", "bank to"),
    # calls
    "caller": ("so goi", "so goi di", "thue bao goi", "so chu goi", "caller", "caller number",
               "calling number", "a number", "from number", "so a"),
    "callee": ("so nhan", "so bi goi", "thue bao nhan", "so duoc goi", "callee", "called number",
               "b number", "to number", "so b", "receiver", "recipient", "receiver number", "recipient number"),
    "duration_s": ("thoi luong", "thoi luong giay", "thoi luong s", "duration", "duration s",
                   "duration sec", "duration seconds", "so giay"),
    "call_type": ("loai cuoc goi", "loai goi", "call type", "type of call", "service"),
    "subscriber": ("so thue bao", "thue bao", "msisdn", "subscriber", "subscriber number", "so chu thue bao",
                   "thue bao chinh", "so may chu"),
    "other_party": ("so doi phuong", "doi phuong", "so lien lac", "so lien he", "thue bao doi phuong",
                    "so doi tac", "other party", "other number", "partner number", "counterpart number",
                    "remote number", "other party number"),
    "call_direction": ("huong", "huong goi", "huong cuoc goi", "chieu goi", "chieu cuoc goi", "call direction",
                       "mo mt", "vao ra", "goi di den", "in out"),
    "origin_country": ("quoc gia goi", "quoc gia xuat phat", "origin country", "origin", "country of origin"),
    # logins / accounts (account, bank)
    "account": ("so tai khoan", "stk", "tai khoan", "so tk", "tk", "account", "account number",
                "account no", "acct", "so the tai khoan"),
    "bank": ("ngan hang", "nh", "ma ngan hang", "ten ngan hang", "bank", "bank name", "bank code"),
    "country": ("quoc gia", "country", "nuoc", "country code", "login country"),
    "holder_name": ("chu tai khoan", "ten chu tai khoan", "ho ten", "ho va ten", "ten khach hang",
                    "account holder", "holder name", "account name", "customer name", "full name",
                    "ten chu tk"),
    "holder_id": ("cccd", "so cccd", "cmnd", "so cmnd", "cmnd cccd", "so giay to", "giay to tuy than",
                  "national id", "id number", "holder id", "citizen id", "so dinh danh"),
    "phone": ("sdt", "so dien thoai", "dien thoai", "so dt", "dt", "phone", "phone number", "mobile",
              "so di dong", "di dong", "sdt dang ky", "registered phone", "tel"),
    "email": ("thu dien tu", "e mail", "email address", "mail"),
    "biometric_verified": ("sinh trac hoc", "xac thuc sinh trac", "da xac thuc sinh trac hoc",
                           "biometric", "biometric verified", "biometrics", "xac thuc khuon mat"),
    "opened_at": ("ngay mo", "ngay mo tai khoan", "ngay mo tk", "opened", "opened at", "open date",
                  "account opened", "date opened"),
    # reports
    "report_date": ("ngay trinh bao", "ngay to giac", "ngay bao cao", "ngay tiep nhan", "report date",
                    "reported at", "date reported"),
    "victim_name": ("ho ten nan nhan", "ten nan nhan", "nan nhan", "bi hai", "ten bi hai",
                    "nguoi bi hai", "victim", "victim name"),
    "victim_phone": ("sdt nan nhan", "so dien thoai nan nhan", "sdt bi hai", "sdt nguoi bi hai",
                     "victim phone"),
    "victim_account": ("stk nan nhan", "tai khoan nan nhan", "so tai khoan nan nhan", "tk nan nhan",
                       "stk bi hai", "victim account"),
    "victim_bank": ("ngan hang nan nhan", "nh nan nhan", "victim bank"),
    "suspect_phone": ("sdt doi tuong", "so dien thoai doi tuong", "sdt nghi van", "so lua dao",
                      "sdt lua dao", "suspect phone", "scam phone", "scammer phone"),
    "suspect_account": ("stk doi tuong", "tai khoan doi tuong", "so tai khoan doi tuong",
                        "tk doi tuong", "stk nhan tien", "tai khoan nhan tien", "stk lua dao",
                        "suspect account", "scam account", "scammer account"),
    "suspect_bank": ("ngan hang doi tuong", "nh doi tuong", "suspect bank", "scam bank"),
    "suspect_social": ("mang xa hoi doi tuong", "tai khoan mang xa hoi", "facebook doi tuong",
                       "zalo doi tuong", "mxh doi tuong", "suspect social", "scammer social",
                       "social media", "suspect handle"),
    "suspect_url": ("website", "trang web", "duong link", "link", "url", "website lua dao",
                    "suspect url", "scam url", "scam website"),
    "suspect_email": ("email doi tuong", "suspect email", "scam email", "scammer email"),
    "suspect_ip": ("ip doi tuong", "suspect ip"),
    "amount_lost": ("so tien bi lua", "so tien thiet hai", "thiet hai", "so tien bi chiem doat",
                    "amount lost", "loss", "loss amount", "damage"),
    "scam_type": ("loai lua dao", "hinh thuc lua dao", "thu doan", "scam type", "fraud type", "modus"),
    "narrative": ("noi dung vu viec", "tom tat", "mo ta", "tuong trinh", "summary", "details"),
    # social
    "social_account": ("tai khoan mxh", "tai khoan mang xa hoi", "mxh", "social account", "handle",
                       "profile", "profile url", "username", "facebook", "zalo", "telegram"),
    "platform": ("nen tang", "mang xa hoi", "platform", "network", "site"),
    "display_name": ("ten hien thi", "biet danh", "display name", "nickname", "profile name"),
    # statements
    "counterparty_account": ("tai khoan doi ung", "so tai khoan doi ung", "tk doi ung", "so tk doi ung",
                             "stk doi ung", "tai khoan doi tac", "so tai khoan doi tac", "tk doi tac",
                             "counterparty account", "counterparty account number", "counter account",
                             "contra account", "corresponding account", "partner account"),
    "counterparty_bank": ("ngan hang doi ung", "nh doi ung", "ngan hang doi tac", "nh doi tac",
                          "counterparty bank", "contra bank", "corresponding bank", "partner bank"),
    "counterparty_name": ("ten doi ung", "ten tai khoan doi ung", "ten tk doi ung", "ten chu tai khoan doi ung",
                          "ten doi tac", "doi tac", "doi ung", "counterparty name", "counterparty",
                          "contra name", "partner name", "don vi thu huong", "don vi chuyen",
                          "don vi thu huong don vi chuyen", "ten don vi thu huong", "ten nguoi thu huong"),
    "debit": ("so tien ghi no", "ghi no", "no", "phat sinh no", "ps no", "so tien no", "so tien rut",
              "tien ra", "debit", "debit amount", "dr", "withdrawal", "withdrawals", "money out", "paid out",
              "chi", "so tien chuyen di", "tien chuyen di", "chuyen di", "so tien ra", "so tien di", "tien di",
              "rut ra", "rut tien", "so tien rut ra", "amount out", "money sent", "outgoing",
              "so tien chi tieu", "chi tieu", "giam", "so tien giam"),
    "credit": ("so tien ghi co", "ghi co", "co", "phat sinh co", "ps co", "so tien co", "so tien gui vao",
               "tien vao", "credit", "credit amount", "cr", "deposit", "deposits", "money in", "paid in",
               "thu", "so tien nhan duoc", "so tien nhan", "tien nhan duoc", "nhan duoc", "so tien vao",
               "so tien den", "tien den", "gui vao", "gui tien", "nop tien", "tien gui", "amount in",
               "money received", "incoming", "tang", "so tien tang"),
    "direction": ("no co", "ghi no ghi co", "loai ghi so", "chieu", "chieu giao dich", "chieu tien",
                  "debit credit", "debit credit indicator", "dr cr", "d c", "direction", "in out",
                  "thay doi", "tang giam"),
    "balance": ("so du", "so du cuoi", "so du sau giao dich", "balance", "running balance",
                "closing balance", "balance after", "accumulated"),
}
