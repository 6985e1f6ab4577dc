/* Live badges: the /ws/notifications/ stream. Filled in by the mentoring app. */
