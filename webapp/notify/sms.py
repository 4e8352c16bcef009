"""SMS length: characters and segments (GSM-7 160/153, UCS-2 70/67), as Twilio counts them."""

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")  # each takes two characters' room


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def sms_length(text: str) -> dict:
    """{"encoding", "characters", "segments", "per_segment"} for one text."""
    if is_gsm7(text):
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)  # UTF-16 code units
        single, multi, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else -(-units // multi)
    return {"encoding": encoding, "characters": units, "segments": segments,
            "per_segment": single if segments == 1 else multi}
