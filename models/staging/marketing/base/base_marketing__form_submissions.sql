{{ base_extract('marketing', 'form_submission') }}
