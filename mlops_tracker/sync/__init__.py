"""The PostgreSQL side of sync: the shared schema, the roles and row-level security, push and pull of events.

Imported only when sync is used (never before the window's first paint). The client plugs in through
`envelope.EventEnvelope` (what it sends) and `exchange.push` / `exchange.pull` (what it calls); the
administrator's side is `server.init_server` and `server.add_learner`. Nothing here knows the local
SQLite store.
"""
