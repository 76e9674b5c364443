"""The sentences of every detector's reasons, in English and Vietnamese, built from a key and parameters.

A reason is ``{signal, key, params, text, ...}``: ``key`` names a template of :data:`REASONS`,
``params`` holds machine values (amounts as exact decimal strings, shares 0..1, counts, lists of
case ids) and ``text`` is the template filled in one language. :func:`localize` rewrites ``text``
in another language from ``key`` and ``params``, so no English is glued into Vietnamese text.

Fields name how they are written (see :func:`graphfraud.textfmt.render`): ``{amount:money}`` is
``434.300.000 ₫`` in Vietnamese and ``434,300,000 VND`` in English.
"""

from __future__ import annotations

import json

from graphfraud.textfmt import render

__all__ = ["REASONS", "localize", "localize_items", "reason", "reason_text", "reason_texts"]

# key: (English, Vietnamese)
REASONS: dict[str, tuple[str, str]] = {
    # --- money mules (graphfraud.analysis.mule_reasons)
    "mule.reported": (
        "named as the suspect's account in {cases:int} victim report(s): {case_ids:list}",
        "được nêu là tài khoản của đối tượng trong {cases:int} đơn trình báo của bị hại: {case_ids:list}"),
    "mule.victim_money": (
        "received {amount:money} from {senders:int} reported victim(s) ({share:pct} of its inflow)",
        "nhận {amount:money} từ {senders:int} bị hại đã trình báo ({share:pct} tổng tiền vào)"),
    "mule.traced_money": (
        ("{amount:money} of the money of {cases:int} reported victim(s) reached it ({share:pct} of its inflow), "
        "{hops:int} transfer(s) from a victim, and it passed {passed:pct} of that on"),
        ("{amount:money} tiền của {cases:int} bị hại đã trình báo chảy đến tài khoản này ({share:pct} tổng tiền "
        "vào), cách bị hại {hops:int} lần chuyển tiền, và {passed:pct} số tiền đó được chuyển tiếp")),
    "mule.pass_through": (
        ("passed on {balance:pct} of what it received; {fast:pct} of the inflow went out again within an hour "
        "(median {dwell:dur} from money in to the next money out)"),
        ("chuyển đi {balance:pct} số tiền nhận được; {fast:pct} tiền vào được chuyển đi trong vòng một giờ "
        "(trung vị {dwell:dur} từ lúc tiền vào đến lần chuyển ra kế tiếp)")),
    "mule.chain": (
        ("layering: {up:pct} of its inflow comes from victims or suspicious accounts and {down:pct} of its "
        "outflow goes to suspicious accounts"),
        ("phân lớp: {up:pct} tiền vào đến từ bị hại hoặc tài khoản đáng ngờ và {down:pct} tiền ra đi tới tài "
        "khoản đáng ngờ")),
    "mule.relay": (
        ("{relays:int} payment(s) passed on money that had arrived within hours before, nearly whole; into "
        "suspicious accounts or accounts holding victims' money: {weighted:num} (weighted)"),
        ("{relays:int} lần chuyển tiếp gần như nguyên vẹn số tiền vừa nhận trong vài giờ trước; vào tài khoản "
        "đáng ngờ hoặc tài khoản đang giữ tiền của bị hại: {weighted:num} (có trọng số)")),
    "mule.layering": (
        ("{hops:int} transfer(s) in a chain of fast hops: the money had arrived within hours before and the "
        "receiver passed it on within hours after ({share:pct} of its money in or out)"),
        ("{hops:int} giao dịch nằm trong chuỗi chuyển tiền nhanh: tiền vừa đến trong vài giờ trước và bên nhận "
        "lại chuyển đi trong vài giờ sau ({share:pct} tiền vào hoặc ra của tài khoản)")),
    "mule.shared_access": (
        ("used from {devices:int} device(s) shared with {accounts:int} other suspicious account(s); IP "
        "addresses shared with {ip_accounts:int}"),
        ("được dùng từ {devices:int} thiết bị chung với {accounts:int} tài khoản đáng ngờ khác; dùng chung địa "
        "chỉ IP với {ip_accounts:int} tài khoản")),
    "mule.foreign_logins": (
        "{foreign:int} of {logins:int} logins from foreign IP addresses ({countries:list})",
        "{foreign:int}/{logins:int} lần đăng nhập từ địa chỉ IP nước ngoài ({countries:list})"),
    "mule.not_biometric": (
        "KYC: not biometrically verified ({verified:yesno})",
        "KYC: chưa xác thực sinh trắc học ({verified:yesno})"),
    "mule.young": (
        "opened {days:int} days before its first incoming transfer",
        "mở {days:int} ngày trước lần nhận tiền đầu tiên"),
    "mule.holder_phone.holders": (
        "its registered phone {phones:list} is registered to {holders:int} different holders",
        "số điện thoại đăng ký {phones:list} được đăng ký cho {holders:int} chủ tài khoản khác nhau"),
    "mule.holder_phone.scam": (
        "its registered phone {phones:list} is named as the suspect's phone in victim reports",
        "số điện thoại đăng ký {phones:list} được nêu là số của đối tượng trong đơn trình báo của bị hại"),
    "mule.holder_phone.both": (
        ("its registered phone {phones:list} is registered to {holders:int} different holders and named as the "
        "suspect's phone in victim reports"),
        ("số điện thoại đăng ký {phones:list} được đăng ký cho {holders:int} chủ tài khoản khác nhau và được nêu "
        "là số của đối tượng trong đơn trình báo của bị hại")),
    "mule.cash_out": (
        ("{share:pct} of its outflow leaves the chain (foreign banks, crypto or cash): a cash-out point — see "
        "`graphfraud organizers`"),
        ("{share:pct} tiền ra rời khỏi chuỗi (ngân hàng nước ngoài, tiền ảo hoặc tiền mặt): điểm rút tiền — xem "
        "`graphfraud organizers`")),
    "mule.cash_out.economy": (
        ("{share:pct} of the reported victims' money that reached it was paid to accounts that many people "
        "outside the chain pay (P2P crypto sellers, shops, hubs): the money leaves the chain here, a cash-out "
        "point — see `graphfraud organizers`"),
        ("{share:pct} số tiền của bị hại đã trình báo chảy đến đây được chuyển vào các tài khoản mà nhiều người "
        "ngoài chuỗi cùng chuyển tiền vào (người bán tiền ảo P2P, cửa hàng, ví điện tử): tiền rời khỏi chuỗi tại "
        "đây, điểm rút tiền — xem `graphfraud organizers`")),
    "mule.structure": (
        "transfer shapes (scored against this store's own accounts): {shapes_text}",
        "dạng giao dịch (so với các tài khoản khác trong chính dữ liệu này): {shapes_text}"),
    # --- organisers (graphfraud.analysis.organizers)
    "org.cash_out.exits": (
        ("received {amount:money} from {senders:int} mule account(s) ({share:pct} of its inflow) and sent "
        "{exit:pct} of its outflow abroad, for crypto or cash{traced_text}"),
        ("nhận {amount:money} từ {senders:int} tài khoản trung gian ({share:pct} tổng tiền vào) và chuyển "
        "{exit:pct} tiền ra nước ngoài, mua tiền ảo hoặc rút tiền mặt{traced_text}")),
    "org.cash_out.economy": (
        ("received {amount:money} from {senders:int} mule account(s) ({share:pct} of its inflow) and paid "
        "{economy:pct} of the reported victims' money that reached it to accounts that many people outside the "
        "chain pay (P2P crypto sellers, shops, hubs): the money leaves the chain here{traced_text}"),
        ("nhận {amount:money} từ {senders:int} tài khoản trung gian ({share:pct} tổng tiền vào) và chuyển "
        "{economy:pct} số tiền của bị hại đã trình báo chảy đến đây vào các tài khoản mà nhiều người ngoài chuỗi "
        "cùng chuyển tiền vào (người bán tiền ảo P2P, cửa hàng, ví điện tử): tiền rời khỏi chuỗi tại đây{traced_text}")),
    "org.cash_out.own_sink": (
        ("received {amount:money} from {senders:int} mule account(s) ({share:pct} of its inflow) and paid "
        "{own_sink:pct} of the reported victims' money that reached it to accounts that only it pays and that "
        "send nothing on: the money ends there{traced_text}"),
        ("nhận {amount:money} từ {senders:int} tài khoản trung gian ({share:pct} tổng tiền vào) và chuyển "
        "{own_sink:pct} số tiền của bị hại đã trình báo chảy đến đây vào các tài khoản chỉ nhận tiền từ nó và "
        "không chuyển đi đâu: tiền dừng lại ở đó{traced_text}")),
    "org.cash_out.sink": (
        ("received {amount:money} from {senders:int} mule account(s) ({share:pct} of its inflow) and sent nothing "
        "on (a sink){traced_text}"),
        ("nhận {amount:money} từ {senders:int} tài khoản trung gian ({share:pct} tổng tiền vào) và không chuyển "
        "tiếp (điểm tập kết tiền){traced_text}")),
    "org.cash_out.traced": (
        ("; {traced:money} of the money of {cases:int} reported victim(s) reached it and {ends:pct} of that ended "
        "here"),
        ("; {traced:money} tiền của {cases:int} bị hại đã trình báo chảy đến đây và {ends:pct} số tiền đó dừng "
        "lại tại đây")),
    "org.drives_mules.device": (
        "device used to log in to {mules:int} mule account(s) ({mules:int} of the {users:int} accounts seen on it)",
        ("thiết bị dùng để đăng nhập {mules:int} tài khoản trung gian ({mules:int} trong số {users:int} tài khoản "
        "dùng thiết bị này)")),
    "org.drives_mules.ip": (
        ("IP address used to log in to {mules:int} mule account(s) ({mules:int} of the {users:int} accounts seen "
        "on it)"),
        ("địa chỉ IP dùng để đăng nhập {mules:int} tài khoản trung gian ({mules:int} trong số {users:int} tài "
        "khoản dùng địa chỉ này)")),
    "org.scam_phone": (
        ("phone that called {called:int} reported victim(s) and is named as the suspect's phone in {cases:int} "
        "report(s)"),
        ("số điện thoại đã gọi cho {called:int} bị hại đã trình báo và được nêu là số của đối tượng trong "
        "{cases:int} đơn trình báo")),
    "org.scam_phone.foreign": (
        ("foreign phone{country_text} that called {called:int} reported victim(s) and is named as the suspect's "
        "phone in {cases:int} report(s)"),
        ("số điện thoại nước ngoài{country_text} đã gọi cho {called:int} bị hại đã trình báo và được nêu là số "
        "của đối tượng trong {cases:int} đơn trình báo")),
    "org.scam_handle.named": (
        "social account named as the suspect in {cases:int} report(s)",
        "tài khoản mạng xã hội được nêu là của đối tượng trong {cases:int} đơn trình báo"),
    "org.scam_handle.linked": (
        "social account linked to scam phone(s) {phones:list}",
        "tài khoản mạng xã hội gắn với số điện thoại lừa đảo {phones:list}"),
    "org.scam_handle.both": (
        "social account named as the suspect in {cases:int} report(s) and linked to scam phone(s) {phones:list}",
        ("tài khoản mạng xã hội được nêu là của đối tượng trong {cases:int} đơn trình báo và gắn với số điện "
        "thoại lừa đảo {phones:list}")),
}


def _derived(key: str, params: dict, lang: str) -> dict:
    """Fields written from other catalogue entries (in the same language)."""
    if key == "mule.structure":
        from graphfraud.analysis.structure import SIGNAL_TEXT

        k = 1 if lang == "vi" else 0
        return {"shapes_text": "; ".join(SIGNAL_TEXT[n][k] for n in params.get("shapes") or [] if n in SIGNAL_TEXT)}
    if key in ("org.cash_out.exits", "org.cash_out.sink", "org.cash_out.economy", "org.cash_out.own_sink"):
        traced = params.get("traced")
        text = reason_text("org.cash_out.traced", params, lang) if traced not in (None, "0", 0) else ""
        return {"traced_text": text}
    if key == "org.scam_phone.foreign":
        return {"country_text": f" ({params['country']})" if params.get("country") else ""}
    return {}


def reason_text(key: str, params: dict, lang: str = "en") -> str:
    """The sentence of ``key`` with ``params``, in ``lang`` (vi or en)."""
    en, vi = REASONS[key]
    return render(vi if lang == "vi" else en, {**params, **_derived(key, params, lang)}, lang)


def reason(signal: str, key: str, params: dict, lang: str = "en") -> dict:
    """A reason's start: ``{signal, key, params, text}``."""
    return {"signal": signal, "key": key, "params": params, "text": reason_text(key, params, lang)}


def localize(item: dict, lang: str) -> dict:
    """A copy of one reason with ``text`` written in ``lang`` (a reason without a known key is kept)."""
    key = item.get("key") if isinstance(item, dict) else None
    if not key or key not in REASONS:
        return item
    return {**item, "text": reason_text(key, item.get("params") or {}, lang)}


def localize_items(items: list[dict], lang: str) -> list[dict]:
    """Mules or organiser candidates with the text of every reason in ``lang``."""
    return [{**it, "reasons": [localize(r, lang) for r in it.get("reasons") or []]} for it in items]


def reason_texts(reasons, lang: str | None = None) -> list[str]:
    """The human sentences of an analysis' reasons (each a dict with ``text``, or plain text), written
    in ``lang`` from their ``key`` and ``params`` when given."""
    out = []
    for r in reasons or []:
        if isinstance(r, dict):
            r = localize(r, lang) if lang else r
            text = r.get("text") or r.get("reason") or r.get("signal")
            out.append(str(text) if text else json.dumps(r, ensure_ascii=False, default=str))
        else:
            out.append(str(r))
    return out
