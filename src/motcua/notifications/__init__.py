"""Notifications: messages to applicants and officers when something happens to a dossier.

A table of rules (event kind → template × channel, edited in the admin) says what is sent; every message
is written to the Notification log in the same transaction as the event that caused it, then sent by a
Celery task with retries. The app listens to the dossiers app (signals); the dossiers app does not know it.
"""
