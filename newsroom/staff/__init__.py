"""The staff's door to the admin: sign-in throttling and its log, the second factor, and sessions.

The paper's operations, not its news: nothing in here knows about articles.
"""
