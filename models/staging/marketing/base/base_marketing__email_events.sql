{{ base_extract('marketing', 'email_event') }}
