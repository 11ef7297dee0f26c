"""Console pages of the 依申请公开 app (mounted at /console/foi/, namespace console:foi).

- queue: the handler queue, the receipts/corrections to confirm, the overdue list;
- intake: registering counter/post/fax applications, confirming receipts (条例 art. 31);
- detail: one application with its clock, timeline and every action form;
- reply: choosing the reply type, previewing the letter, issuing it;
- supervise: art. 44 groups, Tables 3 and 4 with the Excel export;
- letters_admin: letter templates and the letter number prefix (organization admins).

Thin: parse, call one service or selector, render. Scoping lives in foi.selectors.
"""
