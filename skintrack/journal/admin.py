"""Nothing here on purpose. A person's journal (applications, day notes, milia observations
and symptoms, dermatologist visits, photos) is theirs alone: no admin page lists or opens
it, for staff and superusers alike. The admin shows how many entries a person has, on the
person's own page (accounts.admin), and nothing of what they say."""
