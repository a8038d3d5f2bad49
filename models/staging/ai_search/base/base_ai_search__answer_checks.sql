{{ base_extract('ai_search', 'answer_check') }}
