"""crawler/clock.py: the store's timestamps, and one "today" (the user's local date) for every floor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from crawler import clock
from crawler.analysis.dates import plausible
from crawler.analysis.facts import CommentFacts, PageFacts, PostFacts
from crawler.clock import utcnow
from linktrail.commands.common import parse_day
from linktrail.demo import SampleWeb
from linktrail.outreach import mark
from pipelines.opportunity import evaluate
from tests.report_db import ReportDB


def test_utcnow_is_the_current_second_in_utc_and_moves_with_the_clock() -> None:
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, 0, 999_000, tzinfo=UTC), tick=False) as clock:
        assert utcnow() == "2026-11-23T10:00:00+00:00"
        assert utcnow() == "2026-11-23T10:00:00+00:00"  # the same second, made once
        clock.shift(0.002)
        assert utcnow() == "2026-11-23T10:00:01+00:00"
        clock.move_to(datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC))
        assert utcnow() == "2027-01-01T00:00:00+00:00"
    now = utcnow()  # the real clock again
    assert abs((datetime.fromisoformat(now) - datetime.now(UTC)).total_seconds()) < 60


# Near midnight where the user lives, the UTC date is another day: the day before in Auckland
# (UTC+13 in November), the day after in Los Angeles (UTC-8).
NEAR_MIDNIGHT = [
    pytest.param(datetime(2026, 11, 24, 0, 30, tzinfo=ZoneInfo("Pacific/Auckland")), id="auckland-after-midnight"),
    pytest.param(datetime(2026, 11, 24, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles")), id="los-angeles-before"),
]


@pytest.mark.parametrize("moment", NEAR_MIDNIGHT)
def test_today_is_the_local_date_read_at_each_call(moment: datetime) -> None:
    # time-machine sets TZ and calls time.tzset() for a ZoneInfo destination, and restores both after.
    with time_machine.travel(moment, tick=False) as traveller:
        assert clock.today() == date(2026, 11, 24) != datetime.now(UTC).date()
        assert clock.local_now().utcoffset() == moment.utcoffset()
        traveller.shift(timedelta(hours=1))
        assert clock.today() == (date(2026, 11, 24) if moment.hour == 0 else date(2026, 11, 25))


@pytest.mark.parametrize("moment", NEAR_MIDNIGHT)
def test_scoring_planning_outreach_and_analysis_count_the_same_day(tmp_path: Path, moment: datetime) -> None:
    local_day = date(2026, 11, 24)
    rdb = ReportDB(tmp_path / "day.db")
    rdb.page("https://a.example/post/")
    page = PageFacts(url="https://a.example/post/", comments=CommentFacts(state="open", system="wordpress"),
                     post=PostFacts(published="2026-11-23"))
    with time_machine.travel(moment, tick=False):
        _, _, reasons = evaluate(page, 0.9)  # the freshness of a post: scored with no day given
        assert any(r.endswith("post is 1 days old") for r in reasons), reasons
        assert parse_day(None) == local_day  # `linktrail report` plans this day
        assert mark(rdb.db, "https://a.example/post/", "skipped").date == local_day.isoformat()
        assert plausible(local_day + timedelta(days=1), None)  # a post dated tomorrow is plausible, no later
        assert not plausible(local_day + timedelta(days=2), None)
        assert SampleWeb().today == local_day  # the demo's "3 days ago" dates count from the same day
