"""Simultaneous saves: none fails with "database is locked", none is lost."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from hireplan.context_step import CONTEXT
from hireplan.engine.answers import ContextAnswers
from hireplan.wizard import save_answers
from tests.conftest import CONTEXT_ANSWERS

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_it_queues_simultaneous_saves_instead_of_failing(engagement):
    def save(n: int) -> int:
        try:
            answers = ContextAnswers(**{**CONTEXT_ANSWERS, "industry": f"Writer {n}"})
            saved = save_answers(engagement, CONTEXT, answers, base_version=None, next_slug="lane")
            return saved.version
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        versions = list(pool.map(save, range(WRITERS)))

    engagement.refresh_from_db()
    assert sorted(versions) == list(range(2, 2 + WRITERS))  # every save got its own version
    assert engagement.version == 1 + WRITERS
    assert engagement.answers["context"]["industry"].startswith("Writer ")
