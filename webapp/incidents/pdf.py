"""An incident as a PDF a candidate can hand to the police: details, timeline, evidence list.

The DejaVu Sans font ships in webapp/fonts/ (Bitstream Vera licence, DejaVu-LICENSE.txt) so any
name or quote prints, whatever the alphabet.
"""

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from webapp.clock import utcnow
from webapp.timeutil import format_london

FONTS = Path(__file__).resolve().parent.parent / "fonts"


class _Document(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, f"CampaignSafe incident record · page {self.page_no()}/{{nb}}", align="C")


def incident_pdf(incident) -> bytes:
    pdf = _Document(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Incident {incident.id}: {incident.category_label}")
    pdf.set_author("CampaignSafe")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.epw

    def heading(text, size=13):
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(width, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pair(label, value):
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(width, 6, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(width, 6, value or "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    heading(f"Incident record: {incident.category_label}", 16)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width, 5, f"Kept by {incident.owner.display_name} in CampaignSafe. Printed "
                   f"{format_london(utcnow())} (UK time). This record is not itself a report to the police.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    heading("Details")
    pair("When", format_london(incident.occurred_at) + " (UK time)")
    pair("Where", incident.location)
    pair("What happened", incident.description)
    pair("Who (if known)", incident.person)
    pair("Witnesses", incident.witnesses)
    pair("Reported to the police", incident.police_reported_label)
    pair("Police reference", incident.police_reference)
    pair("Urgent", "Yes" if incident.urgent else "No")
    heading("Timeline")
    for entry in incident.updates:
        who = entry.author.display_name if entry.author else "CampaignSafe"
        pair(f"{format_london(entry.at)} · {who}", entry.body)
    heading("Evidence")
    if not incident.evidence:
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(width, 6, "No files attached.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for item in incident.evidence:
        pair(item.original_name, f"{item.size_label}, added {format_london(item.uploaded_at)}; "
             f"SHA-256 {item.sha256}")
    return bytes(pdf.output())
