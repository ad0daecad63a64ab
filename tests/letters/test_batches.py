"""Batches: one action prepares (or finalises) the letter of every region as a background job, with progress, a ZIP
of the PDFs, a readable failure and a retry (letters/tasks.py; the tests run tasks inline)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.letters import render, services
from kotacerdas.letters.models import JobStatus, Letter, LetterKind, LetterStatus

pytestmark = pytest.mark.usefixtures("english")
K, S = LetterKind, LetterStatus


def zip_names(batch) -> list[str]:
    with batch.zip_file.open("rb") as handle:
        return sorted(zipfile.ZipFile(io.BytesIO(handle.read())).namelist())


def test_a_batch_prepares_one_draft_per_region_and_zips_the_pdfs(world):
    batch = services.prepare_batch(
        K.EVALUATION_INVITATION, event=world["event"], letter_date=world["date"], by=world["secretariat"]
    )

    batch.refresh_from_db()
    letters = list(batch.letters.order_by("region__name"))
    assert (batch.status, batch.progress, batch.total, batch.done_count) == (JobStatus.DONE, 100, 2, 2)
    assert [letter.region for letter in letters] == [world["kabupaten"], world["kota"]]
    assert {letter.status for letter in letters} == {S.DRAFT}
    assert zip_names(batch) == sorted(f"{letter.filename_stem()}.pdf" for letter in letters)


def test_a_bimtek_batch_writes_to_the_selected_regions_only(world):
    batch = services.prepare_batch(K.BIMTEK_INVITATION, stage=world["stage"], by=world["secretariat"])

    batch.refresh_from_db()
    assert sorted(batch.letters.values_list("region__name", flat=True)) == [
        "Kabupaten Sukamaju",
        "Kota Mekarsari",
    ]
    assert batch.cohort == world["cohort"]


def test_running_a_batch_again_refreshes_its_drafts(world):
    services.prepare_batch(K.QUICK_WIN_COMMITMENT, cohort=world["cohort"], by=world["secretariat"])

    services.prepare_batch(K.QUICK_WIN_COMMITMENT, cohort=world["cohort"], by=world["secretariat"])

    assert Letter.objects.filter(kind=K.QUICK_WIN_COMMITMENT).count() == 2


def test_a_failing_batch_names_the_region_and_a_retry_finishes_it(world, monkeypatch):
    real = render.letter_pdf
    calls = {"n": 0}

    def second_fails(letter):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("printer on fire")
        return real(letter)

    monkeypatch.setattr(render, "letter_pdf", second_fails)
    batch = services.prepare_batch(K.EVALUATION_INVITATION, event=world["event"], by=world["secretariat"])

    batch.refresh_from_db()
    assert (batch.status, batch.done_count) == (JobStatus.FAILED, 1)
    assert "Kota Mekarsari" in batch.error and "printer" not in batch.error
    assert not batch.zip_file

    assert services.retry_batch(batch, by=world["secretariat"]) is True
    batch.refresh_from_db()
    assert (batch.status, batch.done_count, batch.error) == (JobStatus.DONE, 2, "")
    assert len(zip_names(batch)) == 2
    assert Letter.objects.filter(kind=K.EVALUATION_INVITATION).count() == 2


def test_only_a_failed_batch_is_retried(world):
    batch = services.prepare_batch(K.SELECTION_DECISION, cohort=world["cohort"], by=world["secretariat"])

    batch.refresh_from_db()
    assert batch.status == JobStatus.DONE
    assert services.retry_batch(batch, by=world["secretariat"]) is False


def test_finalising_a_batch_numbers_its_letters_in_turn(world):
    prepared = services.prepare_batch(
        K.EVALUATION_INVITATION, event=world["event"], letter_date=world["date"], by=world["secretariat"]
    )

    batch = services.finalise_batch(prepared, by=world["secretariat"])

    batch.refresh_from_db()
    letters = list(Letter.objects.filter(pk__in=batch.letter_ids).order_by("seq"))
    assert batch.status == JobStatus.DONE
    assert [(letter.status, letter.seq) for letter in letters] == [(S.FINALISED, 1), (S.FINALISED, 2)]
    assert letters[0].region == world["kabupaten"]
    assert zip_names(batch) == sorted(f"{letter.filename_stem()}.pdf" for letter in letters)


def test_a_batch_skips_a_region_whose_letter_is_already_finalised(world):
    first = services.prepare_letter(
        K.EVALUATION_INVITATION, session=world["sessions"][0], by=world["secretariat"]
    )
    services.finalise_letter(first, by=world["secretariat"])

    batch = services.prepare_batch(K.EVALUATION_INVITATION, event=world["event"], by=world["secretariat"])

    batch.refresh_from_db()
    assert batch.status == JobStatus.DONE
    assert Letter.objects.filter(kind=K.EVALUATION_INVITATION).count() == 2
    assert len(zip_names(batch)) == 2


def test_a_batch_with_nobody_to_write_to_is_refused(world):
    world["event"].sessions.all().delete()

    with pytest.raises(ValidationError, match="nobody"):
        services.prepare_batch(K.EVALUATION_INVITATION, event=world["event"], by=world["secretariat"])


def test_a_lost_batch_is_released_with_a_message(world):
    from datetime import timedelta

    from django.utils import timezone

    from kotacerdas.letters.models import LetterBatch
    from kotacerdas.letters.tasks import RUNNING_SILENT, release_lost_batches

    batch = LetterBatch.objects.create(
        kind=K.SELECTION_DECISION, cohort=world["cohort"], status=JobStatus.RUNNING
    )
    LetterBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - RUNNING_SILENT - timedelta(seconds=1)
    )

    assert release_lost_batches() == 1
    batch.refresh_from_db()
    assert batch.status == JobStatus.FAILED and batch.error


def test_a_letter_finalised_meanwhile_by_another_batch_is_taken_as_it_is(world, monkeypatch):
    prepared = services.prepare_batch(
        K.EVALUATION_INVITATION, event=world["event"], letter_date=world["date"], by=world["secretariat"]
    )
    original = services.finalise_letter

    def second_click_first(letter, **kwargs):
        original(Letter.objects.get(pk=letter.pk), **kwargs)  # another batch finalises it first
        return original(letter, **kwargs)  # this one finds it finalised already

    monkeypatch.setattr(services, "finalise_letter", second_click_first)

    batch = services.finalise_batch(prepared, by=world["secretariat"])

    batch.refresh_from_db()
    letters = list(Letter.objects.filter(pk__in=batch.letter_ids).order_by("seq"))
    assert batch.status == JobStatus.DONE
    assert [(letter.status, letter.seq) for letter in letters] == [(S.FINALISED, 1), (S.FINALISED, 2)]
