"""The share card as a PNG too (most social networks refuse SVG), and link-preview tags on the public page."""

import io

from bs4 import BeautifulSoup
from PIL import Image
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import PledgeSignature


def sign(client, login_as, public=True, name="Alex Candidate"):
    login_as("candidate")
    data = {"full_name": name, "agree": "y", **({"public": "y"} if public else {})}
    client.post("/pledge/sign", data=data)
    return db.session.scalar(select(PledgeSignature))


def test_the_share_card_is_also_a_1200_by_630_png_drawn_from_the_same_svg(client, login_as):
    signature = sign(client, login_as, name='Eve <script>&"</script>')
    response = client.get(f"/pledge/card/{signature.id}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (1200, 630)
    assert image.getpixel((10, 10))[:3] == (0x1D, 0x35, 0x57)  # the card's navy border


def test_the_public_share_page_has_open_graph_and_twitter_card_tags_with_the_png(client, login_as):
    signature = sign(client, login_as)
    client.post("/sign-out")
    page = BeautifulSoup(client.get(f"/pledge/card/{signature.id}").data, "html.parser")

    def meta(attribute, name):
        return page.select_one(f"meta[{attribute}='{name}']")["content"]

    image = f"http://campaignsafe.test/pledge/card/{signature.id}.png"
    assert meta("property", "og:image") == image and meta("name", "twitter:image") == image
    assert meta("property", "og:title") == "Alex Candidate has signed the Civility Pledge"
    assert meta("property", "og:url") == f"http://campaignsafe.test/pledge/card/{signature.id}"
    assert (meta("property", "og:image:width"), meta("property", "og:image:height")) == ("1200", "630")
    assert meta("name", "twitter:card") == "summary_large_image"
    assert client.get(image.removeprefix("http://campaignsafe.test")).status_code == 200


def test_a_private_signatures_png_is_only_for_its_signer(client, login_as):
    signature = sign(client, login_as, public=False)
    assert client.get(f"/pledge/card/{signature.id}.png").status_code == 200
    client.post("/sign-out")
    assert client.get(f"/pledge/card/{signature.id}.png").status_code == 404
