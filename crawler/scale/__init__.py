"""Crawl workers beyond one process: a Redis scheduler and seen-set, shared politeness, JSON requests.

Design (issue 10). Any number of `linktrail crawl --redis URL` processes, on any machines, split
one crawl through Redis:

- **Queue and seen-set.** scrapy-redis' ``Scheduler`` with its ``PriorityQueue`` (a sorted set
  scored by ``-request.priority``, so best-first survives) and ``RFPDupeFilter`` (a set of
  fingerprints): a URL is enqueued once, whoever found it, and fetched once. We subclass the
  scheduler (``RedisScheduler``) because scrapy-redis 0.9.1 passes ``spider=`` to the stats
  collector (deprecated in Scrapy 2.19), pickles requests (Redis shared between machines must
  not carry pickles: ``json_serializer`` instead), and has no way to tell when a crawl split over
  several workers is over.
- **The end of a shared crawl.** A worker pops a request and marks itself busy in one Lua script;
  when it goes idle (nothing queued, nothing in flight, every item pushed) it clears its mark. The
  crawl is over when the queue is empty and no live worker is busy. A live worker renews its mark
  every ``LINKTRAIL_REDIS_BUSY_TTL`` / 4 seconds; the mark of a killed worker (or of one cut off
  from Redis) expires after ``LINKTRAIL_REDIS_BUSY_TTL`` (20) seconds, so it holds the others no
  longer than that. The last idle worker then clears the queue and the seen-set; a worker stopped
  early (Ctrl-C, its time budget, Redis lost) leaves them, and the next `crawl --redis` resumes
  the crawl.
- **Politeness across workers: one request per site, a delay from its end.** ``SharedRateDownloader``
  (Scrapy's downloader) starts a site's request only once it has taken the site's turn in Redis (free
  if the site is not downloading and its next start is past; then ``now + delay``, and the site
  marked downloading; Redis' clock, one atomic script), in the same step that starts it: the booking
  is the only gate. When the download ends (the HTTP handler returns, answer or failure: one place
  for every path) the turn is ended in Redis by the next script this worker sends anyway (its queue
  pop or push, or the next turn it takes), first thing in it, or on its own 20 ms later (or when the
  worker goes idle or closes): one round trip a page fewer than an end of its own. Then the mark goes
  and the next start becomes at least ``end + delay``, ``end`` by Redis' clock as it runs: never
  before the download ended, so a late end only lengthens the gap. So all workers together keep one
  request at a time per site and the delay between the end of one and the start of the next, as one
  process does (crawler/pacing.py), and the site sees the gap whatever a worker's event loop was
  doing. The mark lasts the request's download timeout and 5 s at most: a worker that dies
  mid-download, or with ended turns not yet sent (Redis lost), holds its sites no longer.
- **Only sites that may start.** The queue (``queue``) hands a worker the best request whose site's
  turn is over and that no other pop just handed out, first come first out among equal priorities;
  a request no longer waits in a worker's downloader for a turn taken elsewhere, holding one of its
  ``CONCURRENT_REQUESTS`` places while other sites idle (issue 23). One pop hands out as many as the
  worker's downloader has free places, in one round trip; when the workers take turns (a delay, or
  AutoThrottle's, on by default), one a site, none of a site another request is downloading from, and with a
  delay none whose turn is not over.
- **Requests out.** A worker's frontier counts the requests it handed out; another worker that
  ends one tells it through Redis (``handback``), so no site stays marked in flight by a worker
  that has nothing out (issue 23).
- **Items** go to a Redis list (pipelines/redisqueue.py); `linktrail ingest` is the one writer
  of the SQLite file (pipelines/ingest.py).

Caps are per worker: each worker's frontier (crawler/frontier.py) admits at most ``max_pages``
URLs that *it* found, ``max_pages_per_site`` per site, ``max_new_sites`` new sites, so N workers
crawl at most N times the caps. Its seen-set only saves building Requests it already built; the
shared seen-set in Redis decides what is fetched.

Modules: ``connection`` (Redis URL, client, keys), ``serializer`` (requests as JSON), ``queue`` (the
shared queue, handing out sites that may start), ``scheduler`` (seen-set, the end of a shared crawl),
``politeness`` (the shared per-site rate), ``turnlua`` (a site's turn as Lua, for the queue's scripts and
politeness'), ``handback`` (requests ended by another worker), ``robots`` (each site's robots.txt read once
for all workers), ``settings`` (switching a crawl's Scrapy settings to them). Launching workers is
linktrail/workers.py's.
"""
