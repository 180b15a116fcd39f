"""Progress photos: cleaned on upload, served only to their owner, deleted with their files."""

import datetime as dt
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from skintrack.journal import photos
from skintrack.journal.models import MiliaObservation, ObservationPhoto
from tests import factories
from tests.conftest import S3
from tests.storage import exists, stored_bytes, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(size=(40, 20), fmt="JPEG", mode="RGB", color="red", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    if orientation:
        exif[0x0112] = orientation
    return exif


def upload(client, observation, content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return client.post(
        reverse("photos:upload", kwargs={"observation_id": observation.pk}),
        {"image": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def observation(owner):
    return factories.make_observation(owner, area="eyelids", count=4)


def test_an_uploaded_photo_is_saved_as_jpeg_with_a_thumbnail(client_owner, observation):
    response = upload(client_owner, observation, image_bytes((1200, 900), "PNG"), "x.png")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/milia/{observation.pk}/edit/#photos")
    photo = ObservationPhoto.objects.get(observation=observation)
    assert (photo.owner, photo.width, photo.height) == (observation.owner, 1200, 900)
    assert photo.image.name.startswith(f"photos/{observation.owner_id}/")
    assert "x.png" not in photo.image.name
    with Image.open(io.BytesIO(stored_bytes(photo.image))) as stored:
        assert (stored.format, stored.size) == ("JPEG", (1200, 900))
    with Image.open(io.BytesIO(stored_bytes(photo.thumbnail))) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (320, 240))


def test_gps_and_camera_details_are_gone_from_the_stored_photo(client_owner, observation):
    original = image_bytes(exif=gps_exif(), icc_profile=b"\0" * 128)
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825), "the test image really has GPS data"
    assert upload(client_owner, observation, original).status_code == 302
    photo = ObservationPhoto.objects.get()
    for field in (photo.image, photo.thumbnail):
        with Image.open(io.BytesIO(stored_bytes(field))) as stored:
            assert not stored.getexif()
            assert "exif" not in stored.info and "icc_profile" not in stored.info
        assert b"PhoneMaker" not in stored_bytes(field)
    served = client_owner.get(reverse("photos:show", kwargs={"photo_id": photo.pk}))
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as read_back:
        assert not read_back.getexif()


def test_an_exif_orientation_6_photo_comes_back_upright(client_owner, observation):
    # Stored sideways: 40 wide, 20 high, left half red and right half blue. Orientation 6
    # says "rotate 90° clockwise to view": upright it is 20 wide, 40 high, red on top.
    sideways = Image.new("RGB", (40, 20), "blue")
    sideways.paste(Image.new("RGB", (20, 20), "red"), (0, 0))
    buffer = io.BytesIO()
    sideways.save(buffer, "JPEG", exif=gps_exif(orientation=6), quality=95)
    assert upload(client_owner, observation, buffer.getvalue()).status_code == 302
    photo = ObservationPhoto.objects.get()
    assert (photo.width, photo.height) == (20, 40)
    with Image.open(io.BytesIO(stored_bytes(photo.image))) as stored:
        assert stored.size == (20, 40)
        top, bottom = stored.getpixel((10, 5)), stored.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60, top  # red
    assert bottom[2] > 200 and bottom[0] < 60, bottom  # blue


def test_a_transparent_png_is_laid_on_white(client_owner, observation):
    content = image_bytes((30, 30), "PNG", mode="RGBA", color=(0, 0, 0, 0))
    assert upload(client_owner, observation, content, "clear.png", "image/png").status_code == 302
    with Image.open(io.BytesIO(stored_bytes(ObservationPhoto.objects.get().image))) as stored:
        assert stored.mode == "RGB"
        assert min(stored.getpixel((15, 15))) > 240


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"just some text, not a photo"),
        ("page.html", b"<!doctype html><script>alert(1)</script>"),
        ("sneaky.png", PNG_SIGNATURE + b"<html><script>alert(1)</script></html>"),
        ("sneaky2.png", image_bytes(fmt="PNG")[:40] + b"<html><body>hi</body></html>"),
        ("cut.jpg", image_bytes((400, 300))[:600]),
        ("empty.jpg", b""),
        ("vector.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        ("anim.gif", image_bytes(fmt="GIF")),  # a real image, but not a format we take
    ],
)
def test_a_file_that_is_not_an_image_is_refused_and_nothing_saved(
    client_owner, observation, media_root, name, content
):
    response = upload(client_owner, observation, content, name)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    expected = "The submitted file is empty" if content == b"" else photos.NOT_AN_IMAGE
    assert expected in text
    assert not ObservationPhoto.objects.exists()
    assert stored_files() == []


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_picture_of_too_many_pixels_is_refused(client_owner, observation, media_root):
    # 8000 × 6000 = 48 megapixels in a few kilobytes: a decompression bomb in miniature.
    bomb = image_bytes((8000, 6000), "PNG", mode="1", color=0)
    assert len(bomb) < 200_000
    response = upload(client_owner, observation, bomb, "bomb.png", "image/png")
    assert response.status_code == 400
    assert "larger than 40 megapixels" in response.content.decode()
    assert not ObservationPhoto.objects.exists()
    assert stored_files() == []


def test_a_file_over_10_mb_is_refused_with_a_message(client_owner, observation, media_root):
    content = image_bytes() + b"\0" * (10 * 1024 * 1024)
    response = upload(client_owner, observation, content)
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
    assert not ObservationPhoto.objects.exists()
    assert stored_files() == []


def test_upload_without_a_file_asks_for_one(client_owner, observation):
    url = reverse("photos:upload", kwargs={"observation_id": observation.pk})
    response = client_owner.post(url, {})
    assert response.status_code == 400
    assert "Choose a photo" in response.content.decode()


def test_the_owner_is_served_the_photo_privately(client_owner, observation):
    upload(client_owner, observation, image_bytes((600, 400)))
    photo = ObservationPhoto.objects.get()
    for name, size in (("photos:show", (600, 400)), ("photos:thumb", (320, 213))):
        response = client_owner.get(reverse(name, kwargs={"photo_id": photo.pk}))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as served:
            assert served.size == size


def test_another_person_gets_404_for_every_photo_url(client_outsider, owner_objects):
    photo = owner_objects.photo
    for name in ("photos:show", "photos:thumb"):
        assert client_outsider.get(reverse(name, kwargs={"photo_id": photo.pk})).status_code == 404
    delete = client_outsider.post(reverse("photos:delete", kwargs={"photo_id": photo.pk}))
    assert delete.status_code == 404
    response = upload(client_outsider, owner_objects.observation, image_bytes())
    assert response.status_code == 404
    assert list(ObservationPhoto.objects.all()) == [photo]
    assert exists(photo.image)


def test_a_missing_photo_is_404_like_someone_elses(client_owner):
    assert client_owner.get(reverse("photos:show", kwargs={"photo_id": 999})).status_code == 404


def test_deleting_a_photo_removes_the_row_and_both_files(
    client_owner, observation, django_capture_on_commit_callbacks
):
    upload(client_owner, observation, image_bytes())
    photo = ObservationPhoto.objects.get()
    paths = [photo.image.name, photo.thumbnail.name]
    assert all(exists(p) for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_owner.post(reverse("photos:delete", kwargs={"photo_id": photo.pk}))
    assert response.status_code == 302
    assert not ObservationPhoto.objects.exists()
    assert not any(exists(p) for p in paths)


def test_deleting_the_observation_takes_its_photo_files_too(
    client_owner, observation, django_capture_on_commit_callbacks
):
    upload(client_owner, observation, image_bytes())
    photo = ObservationPhoto.objects.get()
    paths = [photo.image.name, photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        client_owner.post(
            reverse("journal:observation_delete", kwargs={"observation_id": observation.pk})
        )
    assert not MiliaObservation.objects.exists()
    assert not any(exists(p) for p in paths)


def test_the_observation_form_shows_thumbnails_and_an_upload_form(client_owner, observation):
    upload(client_owner, observation, image_bytes())
    photo = ObservationPhoto.objects.get()
    page = client_owner.get(
        reverse("journal:observation_edit", kwargs={"observation_id": observation.pk})
    ).content.decode()
    assert reverse("photos:thumb", kwargs={"photo_id": photo.pk}) in page
    assert 'enctype="multipart/form-data"' in page
    assert reverse("photos:upload", kwargs={"observation_id": observation.pk}) in page


def test_log_milia_takes_a_photo_per_area_from_the_camera(client_owner, owner):
    page = client_owner.get(reverse("journal:observation_new", kwargs={"day": owner.local_today()}))
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="eyelids-photo"' in html and 'capture="environment"' in html


# --- compare ----------------------------------------------------------------------------------


def photo_on(owner, day: dt.date, area="eyelids", count=3):
    observation = factories.make_observation(owner, day=day, area=area, count=count)
    return photos.save_photo(observation, photos.process_image(io.BytesIO(image_bytes())))


def test_compare_shows_the_oldest_and_newest_days_by_default(client_owner, owner):
    today = owner.local_today()
    first = photo_on(owner, today - dt.timedelta(days=60), count=7)
    photo_on(owner, today - dt.timedelta(days=30))
    last = photo_on(owner, today, count=2)
    photo_on(owner, today - dt.timedelta(days=10), area="cheeks")
    response = client_owner.get(reverse("photos:compare"), {"area": "eyelids"})
    assert response.status_code == 200
    sides = response.context["sides"]
    assert [s.day for s in sides] == [first.observation.day, last.observation.day]
    assert [[p.pk for p in s.photos] for s in sides] == [[first.pk], [last.pk]]
    page = response.content.decode()
    assert reverse("photos:show", kwargs={"photo_id": first.pk}) in page
    assert "7 milia" in page and "2 milia" in page
    assert "Cheeks" in page  # the other area with photos is offered


def test_compare_shows_the_two_chosen_days(client_owner, owner):
    today = owner.local_today()
    days = [today - dt.timedelta(days=n) for n in (50, 40, 30, 20)]
    made = [photo_on(owner, day) for day in days]
    response = client_owner.get(
        reverse("photos:compare"), {"area": "eyelids", "a": days[1], "b": days[2]}
    )
    assert [[p.pk for p in s.photos] for s in response.context["sides"]] == [
        [made[1].pk],
        [made[2].pk],
    ]


def test_compare_runs_a_fixed_number_of_queries(client_owner, owner, django_assert_max_num_queries):
    today = owner.local_today()
    photo_on(owner, today - dt.timedelta(days=9))
    photo_on(owner, today)
    client_owner.get(reverse("photos:compare"))  # warm the session
    with django_assert_max_num_queries(5) as few:
        client_owner.get(reverse("photos:compare"))
    for n in range(8):
        photo_on(owner, today - dt.timedelta(days=20 + n))
        photo_on(owner, today - dt.timedelta(days=20 + n), area="nose")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_owner.get(reverse("photos:compare"))


def test_compare_never_shows_another_persons_photos(client_outsider, owner_objects):
    response = client_outsider.get(reverse("photos:compare"), {"area": "eyelids"})
    assert response.status_code == 200
    assert response.context["areas"] == []
    assert reverse("photos:show", kwargs={"photo_id": owner_objects.photo.pk}) not in (
        response.content.decode()
    )


def test_compare_refuses_a_date_that_is_not_one(client_owner):
    response = client_owner.get(reverse("photos:compare"), {"a": "2026-02-30"})
    assert response.status_code == 400


@pytest.mark.skipif(not S3, reason="only when the files are in S3 (the S3 leg of .ci/run)")
def test_photos_in_s3_are_private_objects(client_owner, observation):
    import boto3  # only the S3 leg has a bucket to ask
    import botocore.config
    import botocore.exceptions

    upload(client_owner, observation, image_bytes())
    photo = ObservationPhoto.objects.get()
    bucket = photo.image.storage.bucket
    for field in (photo.image, photo.thumbnail):
        key = photo.image.storage._normalize_name(field.name)
        grants = bucket.Object(key).Acl().grants
        assert all("URI" not in grant["Grantee"] for grant in grants), grants  # no AllUsers
        anonymous = boto3.client(
            "s3",
            endpoint_url=photo.image.storage.endpoint_url,
            region_name="us-east-1",
            config=botocore.config.Config(signature_version=botocore.UNSIGNED),
        )
        with pytest.raises(botocore.exceptions.ClientError):
            anonymous.get_object(Bucket=bucket.name, Key=key)
    served = client_owner.get(reverse("photos:show", kwargs={"photo_id": photo.pk}))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\xff\xd8")


# --- "Log milia": photos where the counting happens ------------------------------------------


def log_milia_url(owner) -> str:
    return reverse("journal:observation_new", kwargs={"day": owner.local_today()})


def test_log_milia_saves_each_areas_photo_re_encoded(client_owner, owner, media_root):
    data = {
        "eyelids-count": "4",
        "eyelids-photo": SimpleUploadedFile("a.png", image_bytes(fmt="PNG"), "image/png"),
        "nose-count": "1",
        "all-milia_type": "primary",
    }
    response = client_owner.post(log_milia_url(owner), data)
    assert response.status_code == 302
    (photo,) = ObservationPhoto.objects.all()
    assert (photo.observation.area, photo.observation.count) == ("eyelids", 4)
    assert stored_bytes(photo.image.name).startswith(b"\xff\xd8")  # a JPEG now, not the PNG
    assert not MiliaObservation.objects.get(area="nose").photos.exists()


def test_log_milia_with_a_bad_photo_keeps_nothing(client_owner, owner, media_root):
    data = {
        "eyelids-count": "4",
        "eyelids-photo": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg"),
        "cheeks-count": "2",
        "cheeks-photo": SimpleUploadedFile("b.jpg", b"<html>not a photo</html>", "image/jpeg"),
    }
    response = client_owner.post(log_milia_url(owner), data)
    assert response.status_code == 400
    assert photos.NOT_AN_IMAGE in html.unescape(response.content.decode())
    assert not MiliaObservation.objects.exists()
    assert stored_files() == []


def test_log_milia_shows_the_last_photo_of_each_area_as_a_ghost(client_owner, owner):
    today = owner.local_today()
    older = photo_on(owner, today - dt.timedelta(days=20))
    newer = photo_on(owner, today - dt.timedelta(days=6))
    photo_on(owner, today - dt.timedelta(days=6), area="nose")
    page = client_owner.get(log_milia_url(owner)).content.decode()
    ghost = reverse("photos:thumb", kwargs={"photo_id": newer.pk})
    assert ghost in page and reverse("photos:thumb", kwargs={"photo_id": older.pk}) not in page
    assert page.count("frame the new one the same way") == 2  # eyelids and nose, no others


def test_compare_has_a_slider_and_a_strip_of_every_photo_by_date(client_owner, owner):
    today = owner.local_today()
    made = [photo_on(owner, today - dt.timedelta(days=n), count=n) for n in (30, 20, 10)]
    response = client_owner.get(reverse("photos:compare"), {"area": "eyelids"})
    page = response.content.decode()
    assert 'type="range"' in page and "data-slider" in page
    assert (response.context["before"], response.context["after"]) == (made[0], made[2])
    strip = [p.pk for p in response.context["strip"]]
    assert strip == [m.pk for m in made]  # oldest first
    for photo in made:
        assert reverse("photos:thumb", kwargs={"photo_id": photo.pk}) in page
