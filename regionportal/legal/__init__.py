"""The legal pages: imprint and privacy notice (flat pages), the accessibility statement and its feedback form.

Imprint and privacy notice are free text that portal administrators edit as flat pages. The accessibility
statement has the fields of the EU model statement (Implementing Decision (EU) 2018/1523), so its page always
shows status, assessment, dates and the feedback contact; barriers reported through its form are stored and
sent to the office named there. ``manage.py check --deploy`` warns while a placeholder or a required field is
left (regionportal.deployment_checks, W103).
"""
