"""Complaints and referral needs raised by anyone signed in, handled by the area's managers."""
