// Generated from the ledger’s OpenAPI document by scripts/console-api-types.ts (npm run api-types).
// Do not edit: change the response classes and regenerate.

export interface paths {
    "/v1/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a consent given by a person
         * @description Also records acceptance of the policy version shown (policy §6.1).
         */
        post: operations["GrantingController_grant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a person’s withdrawal of consent, whole or in part
         * @description While a loan is open, purposes the catalogue marks as loan-bound cannot be withdrawn (Law 94-V Art. 8(2)): that part is refused and the refusal recorded (422 when nothing could be withdrawn).
         */
        post: operations["WithdrawingController_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy-acceptances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that a person accepted a policy version
         * @description Lifts the suspension a material change puts on their consents.
         */
        post: operations["AcceptingPoliciesController_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/signed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that a loan contract was signed
         * @description Its obligations count as unfulfilled until recorded otherwise.
         */
        post: operations["LoansController_signed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/fulfilled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that all obligations under a loan were fulfilled */
        post: operations["LoansController_fulfilled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purposes-achieved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that the purposes of a consent were achieved
         * @description Ends a consent given "until the purposes are achieved" (Law 94-V Art. 8(6)), for those purposes.
         */
        post: operations["AchievingPurposesController_achieved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disclosures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The disclosures log: every disclosure and refused attempt, by recipient and period */
        get: operations["DisclosuresLogController_list"];
        put?: never;
        /**
         * Record a disclosure of personal data to a recipient (credit bureau, pension centre, …)
         * @description Recorded when a consent valid at occurredAt covers the purpose, the recipient, every data category and cross-border transfer where the recipient is abroad, or when legalBasis is one the catalogue allows for the recipient. Otherwise 422, and the refused attempt is recorded.
         */
        post: operations["DisclosingController_disclose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/{policyId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a version of a privacy policy
         * @description Versions are immutable; a new one cannot take effect before the one in force.
         */
        post: operations["PublishingPoliciesController_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The pseudonym (subjectId) of an IIN, and whether the ledger holds anything about the person */
        post: operations["ResolveSubjectController_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What consent a person had at T, as the ledger knew it at T′
         * @description Each consent with its status, what it still covers, and the events that justify it.
         */
        get: operations["ConsentStateController_state"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Yes or no: may (purpose, recipient, data categories) be processed at T, as known at T′, and on what basis */
        get: operations["ConsentCheckController_check"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consent-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The same check, with the person named by IIN in the body (never in a URL) */
        post: operations["ConsentCheckController_checkByBody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/matrix": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every purpose × recipient × data category the person’s consents name: allowed or not at T as known at T′
         * @description Each cell is the answer of the check for that one category, with its basis or its reasons.
         */
        get: operations["ConsentMatrixController_matrix"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every event of a person in the order recorded, with both times */
        get: operations["TimelineController_timeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/consents/{consentId}/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A receipt for one consent: Kantara Consent Receipt v1.1 fields, an ISO/IEC TS 27560 record, and the content Law 94-V Art. 8(4) requires */
        get: operations["ConsentReceiptController_receipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The catalogue of purposes, data categories, recipients and legal bases, from the lender’s policy, and what each refusal reason means
         * @description Labels in Kazakh, Russian and English; each recipient’s country and the legal bases that allow disclosure to it without consent.
         */
        get: operations["CatalogueController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every policy with its versions and the one in force at T */
        get: operations["PoliciesController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One policy’s versions and the one in force at T */
        get: operations["PoliciesController_one"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/probe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve (for an orchestrator: no token, no details) */
        get: operations["HealthController_probe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event store, key store and rate-limit counters answer; projection lag and checkpoint
         * @description keyStore (sqlite or postgres) and rateLimits (memory or redis) say whether each answers: a configured one that does not makes the ledger not ready. warnings (still ready) name what an operator must fix before answers go wrong: the working-day calendar does not cover this year (calendar-year-not-covered), or deadlines started now reach a year it does not cover (calendar-next-year-not-covered).
         */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/problems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every problem code the ledger answers with, its status and title */
        get: operations["ProblemsController_all"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/problems/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One problem code: where a problem’s `type` (/problems/<code>) leads */
        get: operations["ProblemsController_one"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrity/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The Ed25519 key that checkpoints and export seals verify against, and every key the ledger has used
         * @description For convenience only: an auditor pins the key obtained out of band (its fingerprint from the key statement the lender files with the regulator), never this answer alone — it comes from the same service as the export.
         */
        get: operations["IntegrityController_publicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrity/public-key.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same public key as a PEM file, for `audit verify --public-key` */
        get: operations["IntegrityController_publicKeyPem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrity/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest signed checkpoints over the whole log */
        get: operations["IntegrityController_checkpoints"];
        put?: never;
        /** Write a signed checkpoint over the log now (waits for the read models to catch up) */
        post: operations["IntegrityController_checkpointNow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The whole log, with the signed checkpoints in it and a signed seal */
        get: operations["ExportController_log"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/subjects/{subjectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One person’s events and every policy version, enough to replay their consents offline */
        get: operations["ExportController_subject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/period": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The events recorded in [from, to), with the checkpoints written in that period */
        get: operations["ExportController_period"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawals/{withdrawalId}/processing-stopped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that processing stopped after a withdrawal
         * @description Closes the 15-working-day deadline of Law 94-V Art. 8(7).
         */
        post: operations["ClosingDeadlinesController_stopped"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disclosures/{disclosureId}/subject-notified": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that the person was told of a disclosure their consent asked notice of
         * @description Closes the 10-working-day notice deadline of Law 94-V Art. 19.
         */
        post: operations["ClosingDeadlinesController_notified"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/disclosures-no-longer-covered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Disclosures covered by consent as known when they were recorded, but not as known now
         * @description A late withdrawal (or a late material policy change) reached back over them.
         */
        get: operations["ComplianceReportsController_noLongerCovered"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/refused-disclosures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refused disclosure attempts, with counts by recipient and reason */
        get: operations["ComplianceReportsController_refusedDisclosures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/refused-withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refused withdrawals with their reasons (Law 94-V Art. 8(2)) */
        get: operations["ComplianceReportsController_refusedWithdrawals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/withdrawal-deadlines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Withdrawals whose 15-working-day deadline to stop processing is near or past (Law 94-V Art. 8(7))
         * @description Working days over the holiday calendar. A deadline whose count reaches a year the calendar does not cover has status calendar-unknown and names the years in calendarUnknownYears, instead of a guessed date; one that crosses a stretch not yet confirmed (a transfer not yet decreed) names it in calendarUnconfirmed.
         */
        get: operations["ComplianceReportsController_withdrawalDeadlines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/notice-deadlines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Disclosures the person asked to be told of, with the 10-working-day notice deadline (Law 94-V Art. 19)
         * @description Working days over the holiday calendar. A deadline whose count reaches a year the calendar does not cover has status calendar-unknown and names the years in calendarUnknownYears, instead of a guessed date; one that crosses a stretch not yet confirmed (a transfer not yet decreed) names it in calendarUnconfirmed.
         */
        get: operations["ComplianceReportsController_noticeDeadlines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/erasures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a person by destroying their data key (crypto-shredding)
         * @description The events stay and their hash chains still verify; their identifiers can never be decrypted again, and nothing more is recorded about the person.
         */
        post: operations["ErasureController_erase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/erasures/sweep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Erase now everyone whose retention period is over (also runs on a timer) */
        post: operations["ErasureController_sweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every recorded look at personal data, for auditors */
        get: operations["AccessLogController_log"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/access-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person’s own access report: who looked at their data, when and why (Law 94-V Art. 24)
         * @description Looks at this person, and reads across many people made since their first record.
         */
        get: operations["AccessLogController_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: operations["MetricsController_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notifications in log order, after a position
         * @description Withdrawals (whole or partial), refused withdrawals, material policy versions needing re-acceptance, deadlines approaching or passed (Law 94-V Art. 8(7), Art. 19), erasures. Each names a person only by their pseudonym and carries codes; its `id` is stable (the webhook-id of the same notification). Pass `next` back as `after` to continue.
         */
        get: operations["ChangesController_changes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Subscribers with where each stands: position delivered, failures, status */
        get: operations["WebhooksController_subscribers"];
        put?: never;
        /** Point notifications of the chosen types at a URL, signed with a secret */
        post: operations["WebhooksController_configure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/subscribers/{subscriberId}/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop sending to a subscriber and destroy its secret */
        post: operations["WebhooksController_remove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/subscribers/{subscriberId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a subscriber everything again after a position
         * @description Each notification keeps its webhook-id, so the receiver can drop what it already has.
         */
        post: operations["WebhooksController_replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deadline-watch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise alarms now for deadlines near or past (Law 94-V Art. 8(7), Art. 19); also runs on a timer */
        post: operations["WebhooksController_deadlineWatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every delivery attempt and its outcome, oldest first */
        get: operations["WebhooksController_attempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import historical facts (NDJSON or CSV, streamed), validated by the same rules as the commands
         * @description The Idempotency-Key names the import (ImportStarted/ImportCompleted in the log); each row key is the row’s own idempotency key, so sending the file again writes nothing new. The late-fact window does not apply.
         */
        post: operations["ImportsController_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{subjectId}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The person’s own report (Law 94-V Art. 24): their consents, accepted policies, disclosures and refusals
         * @description Labels in the person’s language. Recorded in the access log.
         */
        get: operations["SubjectReportController_bySubject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subject-reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The same report, with the person named by IIN in the body (never in a URL) */
        post: operations["SubjectReportController_byBody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        SubjectIdentifiersDto: {
            /**
             * @description Law 94-V Art. 8(4)(2): the consent names the person.
             * @example Жанар Серікқызы Ахметова
             */
            fullName?: string;
            /** @example +77011234567 */
            phone?: string;
            /** @example zhanar@example.kz */
            email?: string;
        };
        TermDto: {
            /**
             * @description Law 94-V Art. 8(5)-(6)
             * @enum {string}
             */
            kind: "until" | "until-purposes-achieved";
            /**
             * @description Required when kind is "until"; the consent ends at this instant.
             * @example 2026-03-01T00:00:00Z
             */
            until?: string;
        };
        PolicyRefDto: {
            /** @example privacy */
            policyId: string;
            /** @example 2025.1 */
            version: string;
        };
        EvidenceDto: {
            /**
             * @description What the evidence is, as a code (lowercase words joined by -): sms-log, signed-document, scan, egov-receipt, web-session… Kept in clear, unlike the reference: never a name or a contact.
             * @example sms-log
             */
            kind: string;
            /**
             * @description Where the lender keeps it; never the document itself.
             * @example sms-gw/2025/03/01/784512
             */
            reference: string;
            /**
             * @description SHA-256 of the evidence, 64 hex digits.
             * @example 9f2c…
             */
            sha256?: string;
        };
        GrantConsentDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            /** @description Stored encrypted with the person’s own key. */
            subject?: components["schemas"]["SubjectIdentifiersDto"];
            /**
             * @description Purpose codes from the catalogue.
             * @example [
             *       "microcredit-contract",
             *       "credit-and-pension-checks"
             *     ]
             */
            purposes: string[];
            /**
             * @example [
             *       "full-name",
             *       "iin",
             *       "salary-amount"
             *     ]
             */
            dataCategories: string[];
            /**
             * @description Third parties the data may go to (Art. 7(6)); may be empty.
             * @example [
             *       "first-credit-bureau"
             *     ]
             */
            recipients: string[];
            /** @description Separate consent to cross-border transfer (Art. 7(6), 16). */
            crossBorderTransferAllowed: boolean;
            /** @description Separate consent to publication in public sources (Art. 7(6)). */
            publicationAllowed: boolean;
            /** @description The person asked to be told of each transfer (Art. 19). Default false. */
            notifyOnDisclosure?: boolean;
            term: components["schemas"]["TermDto"];
            /** @description The privacy-policy version shown to the person. */
            policyShown: components["schemas"]["PolicyRefDto"];
            /** @enum {string} */
            language: "kk" | "ru";
            /**
             * @description Art. 8(1): a way that lets receipt be confirmed.
             * @enum {string}
             */
            collectionMethod: "web-checkbox" | "sms-one-time-code" | "digital-signature" | "paper" | "egov";
            evidence: components["schemas"]["EvidenceDto"][];
        };
        WrittenEventDto: {
            eventId: string;
            type: string;
            revision: number;
        };
        GrantConsentResponseDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            consentId: string;
        };
        ProblemErrorDto: {
            field?: string;
            code?: string;
            message?: string;
        };
        ReasonDto: {
            code: string;
            message: string;
            citation?: string;
            consentId?: string;
            eventId?: string;
            dataCategories?: string[];
        };
        ScopeDto: {
            purposes?: string[];
            dataCategories?: string[];
            recipients?: string[];
        };
        WithdrawalRefusedProblemDto: {
            /** @example /problems/unknown-code */
            type: string;
            title: string;
            status: number;
            /**
             * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
             * @enum {string}
             */
            code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
            detail?: string;
            instance?: string;
            errors?: components["schemas"]["ProblemErrorDto"][];
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the refusal. */
            recordedAt?: string;
            /** @description Opaque log position of the refusal; pass it as minPosition to a query. */
            position?: string;
            /** @description True when this is the first answer again, for a retry with the same key. */
            replayed?: boolean;
            events?: components["schemas"]["WrittenEventDto"][];
            /** @description The refusal event. */
            eventId?: string;
            withdrawalId?: string;
            reason?: components["schemas"]["ReasonDto"];
            /** @description The part of the request refused. */
            refusedScope?: components["schemas"]["ScopeDto"];
            /** @description The loans still open that hold the refused part. */
            openLoans?: string[];
        };
        WithdrawalScopeDto: {
            /**
             * @description Absent: all purposes.
             * @example [
             *       "advertising"
             *     ]
             */
            purposes?: string[];
            /** @description Absent: all recipients (and the lender’s own processing). */
            recipients?: string[];
            /** @description Absent: all data categories. */
            dataCategories?: string[];
            /** @description Take back the separate cross-border permission (alone: only that). False takes nothing: a scope naming only false flags is refused (empty-scope), never read as {}. */
            crossBorderTransfer?: boolean;
            /** @description Take back the separate permission to publish (alone: only that). False takes nothing: a scope naming only false flags is refused (empty-scope), never read as {}. */
            publication?: boolean;
        };
        WithdrawConsentDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            /** @description The consent to withdraw from; absent: every consent the person had given by then. */
            consentId?: string;
            /** @description What is withdrawn; {} withdraws everything. */
            scope: components["schemas"]["WithdrawalScopeDto"];
            /**
             * @description How the person asked.
             * @enum {string}
             */
            channel: "web-checkbox" | "sms-one-time-code" | "digital-signature" | "paper" | "egov";
            evidence?: components["schemas"]["EvidenceDto"][];
        };
        WithdrawalRefusedPartDto: {
            scope: components["schemas"]["ScopeDto"];
            reason: components["schemas"]["ReasonDto"];
            /** @description The loans still open that hold the refused part. */
            openLoans: string[];
        };
        WithdrawalResponseDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            /** @enum {string} */
            outcome: "withdrawn" | "partially-withdrawn";
            withdrawalId: string;
            /** @description What was taken: of the purposes and recipients the withdrawal named, those the person’s consents given by then held (the recorded scope, which also reaches paper consents keyed in later, may name more). */
            withdrawn: components["schemas"]["ScopeDto"];
            /** @description When the request also reached purposes a law requires: their transfers to third parties, taken back while the lender’s own processing of them is refused (Law 94-V Art. 8(2)); to the recipients the person’s consents named. */
            transfersWithdrawn?: components["schemas"]["ScopeDto"];
            refused?: components["schemas"]["WithdrawalRefusedPartDto"];
        };
        AcceptPolicyVersionDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            policy: components["schemas"]["PolicyRefDto"];
            /** @enum {string} */
            method: "web-checkbox" | "sms-one-time-code" | "digital-signature" | "paper" | "egov";
            evidence?: components["schemas"]["EvidenceDto"][];
        };
        CommandResponseDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
        };
        LoanEventDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            /**
             * @description The lending core’s contract number.
             * @example MC-2025-000123
             */
            loanId: string;
        };
        PurposesAchievedDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            consentId: string;
            /** @description Absent: every purpose of the consent. */
            purposes?: string[];
        };
        DisclosureRefusedProblemDto: {
            /** @example /problems/unknown-code */
            type: string;
            title: string;
            status: number;
            /**
             * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
             * @enum {string}
             */
            code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
            detail?: string;
            instance?: string;
            errors?: components["schemas"]["ProblemErrorDto"][];
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the refusal. */
            recordedAt?: string;
            /** @description Opaque log position of the refusal; pass it as minPosition to a query. */
            position?: string;
            /** @description True when this is the first answer again, for a retry with the same key. */
            replayed?: boolean;
            events?: components["schemas"]["WrittenEventDto"][];
            /** @description The refusal event. */
            eventId?: string;
            disclosureId?: string;
            crossBorder?: boolean;
            reasons?: components["schemas"]["ReasonDto"][];
        };
        RecordDisclosureDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            /** @example first-credit-bureau */
            recipient: string;
            /** @example credit-and-pension-checks */
            purpose: string;
            /**
             * @example [
             *       "iin",
             *       "full-name"
             *     ]
             */
            dataCategories: string[];
            /**
             * @description A legal basis other than consent, from the catalogue (e.g. mandatory microcredit reporting to the State Credit Bureau).
             * @example microcredit-reporting
             */
            legalBasis?: string;
            /** @description The lending core’s own reference for the transfer (request id, batch id). */
            reference?: string;
        };
        ConsentCategoriesDto: {
            consentId: string;
            dataCategories: string[];
        };
        DisclosureBasisDto: {
            /** @enum {string} */
            kind: "consent" | "legal-basis";
            consents?: components["schemas"]["ConsentCategoriesDto"][];
            legalBasis?: string;
            citation?: string;
        };
        DisclosureResponseDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            /** @enum {string} */
            outcome: "recorded";
            disclosureId: string;
            basis: components["schemas"]["DisclosureBasisDto"];
            crossBorder: boolean;
            /** @description A covering consent asked for notice of transfers (Law 94-V Art. 19). */
            subjectToBeNotified: boolean;
        };
        PolicyTextDto: {
            /** @description SHA-256 of the published text, 64 hex digits. */
            sha256: string;
            /** @example https://acredit.kz/privacy/2025.1/kk */
            url: string;
        };
        PolicyTextsDto: {
            /** @description The text in Kazakh. */
            kk?: components["schemas"]["PolicyTextDto"];
            /** @description The text in Russian. */
            ru?: components["schemas"]["PolicyTextDto"];
        };
        PublishPolicyVersionDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /** @example 2025.1 */
            version: string;
            /** @example 2025-03-01T00:00:00+05:00 */
            effectiveFrom: string;
            /** @description At least one of kk, ru. */
            texts: components["schemas"]["PolicyTextsDto"];
            /** @description A material change: consents are suspended until the person accepts this version. */
            materialChange: boolean;
            /** @description What changed, for people reading the history. */
            summary?: string;
            /** @description When the version was published on the site. */
            occurredAt: string;
        };
        PublishedPolicyVersionDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            policyId: string;
            version: string;
        };
        ResolveSubjectDto: {
            /** @example 900101300017 */
            iin: string;
        };
        ResolvedSubjectDto: {
            /** @description Present when known. */
            subjectId?: string;
            known: boolean;
        };
        IdentifiersDto: {
            /** @description Masked unless the viewer is an auditor or regulator. */
            iin: string;
            fullName?: string;
            phone?: string;
            email?: string;
        };
        ShownIdentityDto: {
            /** @enum {string} */
            status: "held" | "erased" | "not-held";
            masked?: boolean;
            identifiers?: components["schemas"]["IdentifiersDto"];
            erasedAt?: string;
            reason?: string;
        };
        PolicyStandingDto: {
            /** @description { policyId, version } shown */
            shown: {
                [key: string]: string;
            };
            policyId: string;
            /** @description The newest material-change version in force at T. */
            requiredVersion?: string;
            /** @description When that version took effect: the consent is suspended from then until it is accepted. */
            requiredSince?: string;
            /** @description The newest version the person had accepted by T. */
            acceptedVersion?: string;
            satisfied: boolean;
            acceptanceEventId?: string;
            requiredVersionEventId?: string;
        };
        EvidenceShownDto: {
            kind: string;
            /** @description Masked for viewers who may not see it. */
            reference: string;
            sha256?: string;
        };
        ConsentWithdrawalDto: {
            withdrawalId: string;
            consentId?: string;
            scope: components["schemas"]["ScopeDto"];
            occurredAt: string;
            recordedAt: string;
            eventId: string;
        };
        RecipientCoverageDto: {
            recipient: string;
            dataCategories: string[];
        };
        PurposeCoverageDto: {
            purpose: string;
            /** @description What the lender itself may process for this purpose. */
            dataCategories: string[];
            recipients: components["schemas"]["RecipientCoverageDto"][];
        };
        ConsentViewDto: {
            consentId: string;
            /** @enum {string} */
            status: "active" | "partially-withdrawn" | "withdrawn" | "expired" | "purposes-achieved" | "suspended-policy-not-accepted" | "erased";
            /** @example dpv:ConsentGiven */
            dpvState: string;
            givenAt: string;
            recordedAt: string;
            purposes: string[];
            dataCategories: string[];
            recipients: string[];
            /** @description { kind: until, until } or { kind: until-purposes-achieved } */
            term: {
                [key: string]: unknown;
            };
            termEnded: boolean;
            crossBorderTransferAllowed: boolean;
            publicationAllowed: boolean;
            notifyOnDisclosure: boolean;
            policy: components["schemas"]["PolicyStandingDto"];
            /** @enum {string} */
            language: "kk" | "ru" | "en";
            collectionMethod: string;
            evidence: components["schemas"]["EvidenceShownDto"][];
            /** @description The withdrawals that took something from this consent, in the order recorded: the first, and each that took a part or a separate permission no earlier one had (a withdrawal that only repeated them is in the timeline, not here). */
            withdrawals: components["schemas"]["ConsentWithdrawalDto"][];
            purposesAchieved: string[];
            /** @description What the consent still covers, per purpose: nothing unless in force, except that one suspended by an unaccepted policy change keeps the lender’s own processing for purposes a law requires. */
            coverage: components["schemas"]["PurposeCoverageDto"][];
            /** @description Ids of the events this standing rests on. */
            justifiedBy: string[];
        };
        EventSummaryDto: {
            eventId: string;
            type: string;
            revision: number;
            occurredAt: string;
            recordedAt: string;
        };
        FreshnessDto: {
            /** @description Opaque position the read models had reached. */
            checkpoint?: string;
            caughtUp: boolean;
            lagMs: number;
            /** @description Present when minPosition was asked: whether the read models reached it. */
            reachedMinPosition?: boolean;
        };
        ConsentStateDto: {
            subjectId: string;
            subject: components["schemas"]["ShownIdentityDto"];
            at: string;
            knownAt: string;
            consents: components["schemas"]["ConsentViewDto"][];
            openLoans: string[];
            events: components["schemas"]["EventSummaryDto"][];
            projection: components["schemas"]["FreshnessDto"];
        };
        CheckAnswerDto: {
            subjectId?: string;
            purpose: string;
            recipient?: string;
            dataCategories: string[];
            legalBasis?: string;
            at: string;
            knownAt: string;
            allowed: boolean;
            basis?: components["schemas"]["DisclosureBasisDto"];
            crossBorder: boolean;
            subjectToBeNotified: boolean;
            reasons: components["schemas"]["ReasonDto"][];
            justifiedBy: string[];
            events: components["schemas"]["EventSummaryDto"][];
            projection: components["schemas"]["FreshnessDto"];
        };
        CheckBodyDto: {
            /** @description The moment asked about (ISO-8601 with zone). Default: now. */
            at?: string;
            /** @description Answer as the ledger knew it at this moment. Default: now. */
            knownAt?: string;
            /** @description A position a command returned: wait (briefly) until the read models include it. */
            minPosition?: string;
            /** @example credit-and-pension-checks */
            purpose: string;
            /**
             * @description Absent: the lender’s own processing.
             * @example first-credit-bureau
             */
            recipient?: string;
            /**
             * @description A legal basis other than consent to check instead.
             * @example microcredit-reporting
             */
            legalBasis?: string;
            /** @description The person’s IIN; or give subjectId. */
            iin?: string;
            /** @description The person’s pseudonym; or give iin. */
            subjectId?: string;
            /**
             * @example [
             *       "iin",
             *       "full-name"
             *     ]
             */
            dataCategories: string[];
        };
        MatrixCellDto: {
            purpose: string;
            /** @description Absent: the lender’s own processing. */
            recipient?: string;
            dataCategory: string;
            allowed: boolean;
            basis?: components["schemas"]["DisclosureBasisDto"];
            reasons: components["schemas"]["ReasonDto"][];
            justifiedBy: string[];
        };
        MatrixDto: {
            subjectId: string;
            at: string;
            knownAt: string;
            cells: components["schemas"]["MatrixCellDto"][];
            projection: components["schemas"]["FreshnessDto"];
        };
        ActorDto: {
            id: string;
            /** @enum {string} */
            kind: "client" | "user" | "system";
            role?: string;
        };
        ImportedFromDto: {
            /** @description The import (its audit trail is the stream import-<importId>). */
            importId: string;
            /** @description The line of the imported file the fact came from. */
            line: number;
        };
        TimelineEntryDto: {
            eventId: string;
            revision: number;
            type: string;
            occurredAt: string;
            recordedAt: string;
            position: string;
            actor: components["schemas"]["ActorDto"];
            commandId: string;
            /** @description Present when the fact came in by a bulk import (recorded outside the late-fact window). */
            imported?: components["schemas"]["ImportedFromDto"];
            hash?: string;
            previousHash?: string;
            /** @description The event’s data, personal fields masked as for the viewer. */
            data: {
                [key: string]: unknown;
            };
        };
        TimelineDto: {
            subjectId: string;
            knownAt?: string;
            events: components["schemas"]["TimelineEntryDto"][];
            /** @description Pass as afterRevision for the next page. */
            nextAfterRevision?: number;
            projection: components["schemas"]["FreshnessDto"];
        };
        DisclosureEntryDto: {
            eventId: string;
            subjectId: string;
            disclosureId: string;
            /** @enum {string} */
            outcome: "recorded" | "refused";
            recipient: string;
            purpose: string;
            dataCategories: string[];
            crossBorder: boolean;
            basis?: components["schemas"]["DisclosureBasisDto"];
            reasons?: components["schemas"]["ReasonDto"][];
            requestedLegalBasis?: string;
            subjectToBeNotified: boolean;
            /** @description The lending core’s reference, for those who may read it. */
            reference?: {
                [key: string]: unknown;
            };
            occurredAt: string;
            recordedAt: string;
            position: string;
            /** @description When the person was told of it (Law 94-V Art. 19). */
            notifiedAt?: string;
        };
        DisclosuresPageDto: {
            disclosures: components["schemas"]["DisclosureEntryDto"][];
            /** @description Pass as cursor for the next page. */
            next?: string;
            projection: components["schemas"]["FreshnessDto"];
        };
        LabelsDto: {
            kk: string;
            ru: string;
            en: string;
        };
        ControllerDto: {
            name: string;
            /** @description The name in each language as the privacy policy gives it; receipts use the one of their language. */
            names?: components["schemas"]["LabelsDto"];
            policyUrl: string;
            website?: string;
            phone?: string;
        };
        PurposeDto: {
            code: string;
            labels: components["schemas"]["LabelsDto"];
            /** @description Where the lender’s privacy policy names it. */
            policyReference: string;
            /** @description May be withdrawn while a loan is open (Law 94-V Art. 8(2)). */
            withdrawableWithOpenLoan: boolean;
            /** @description A law requires this processing: consent to it cannot be withdrawn (Law 94-V Art. 8(2)). */
            requiredByLaw: boolean;
            legalBasisMayApply: boolean;
            /** @description W3C DPV purpose concepts. */
            dpv: string[];
        };
        DataCategoryDto: {
            code: string;
            labels: components["schemas"]["LabelsDto"];
            /** @enum {string} */
            source: "subject" | "automatic" | "third-party";
            directIdentifier: boolean;
        };
        LegalBasisGrantDto: {
            legalBasis: string;
            purposes: string[];
        };
        RecipientDto: {
            code: string;
            labels: components["schemas"]["LabelsDto"];
            /** @enum {string} */
            kind: "credit-bureau" | "pension-centre" | "collector" | "assignee" | "processor" | "marketing-partner" | "state-body";
            /** @description ISO 3166-1 alpha-2; ZZ: any country outside Kazakhstan. */
            country: string;
            legalBases: components["schemas"]["LegalBasisGrantDto"][];
        };
        LegalBasisDto: {
            code: string;
            labels: components["schemas"]["LabelsDto"];
            citation: string;
        };
        ReasonLabelsDto: {
            /** @description A reason code the ledger answers a refusal with (no-consent, withdrawn, …). */
            code: string;
            /** @description What it means, in words for the person. */
            labels: components["schemas"]["LabelsDto"];
        };
        CatalogueDto: {
            version: string;
            jurisdiction: string;
            controller: components["schemas"]["ControllerDto"];
            purposes: components["schemas"]["PurposeDto"][];
            dataCategories: components["schemas"]["DataCategoryDto"][];
            recipients: components["schemas"]["RecipientDto"][];
            legalBases: components["schemas"]["LegalBasisDto"][];
            reasons: components["schemas"]["ReasonLabelsDto"][];
        };
        PolicyVersionDto: {
            version: string;
            effectiveFrom: string;
            materialChange: boolean;
            /** @description Per language (kk, ru, en): { sha256, url } of the text. */
            texts: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            summary?: string;
            publishedAt: string;
            recordedAt: string;
            eventId: string;
        };
        PolicyDto: {
            policyId: string;
            /** @description The version in force at T. */
            inForce: string | null;
            latestMaterialChangeInForce: string | null;
            versions: components["schemas"]["PolicyVersionDto"][];
        };
        PoliciesDto: {
            at: string;
            knownAt: string;
            policies: components["schemas"]["PolicyDto"][];
            projection: components["schemas"]["FreshnessDto"];
        };
        LiveDto: {
            /** @enum {string} */
            status: "up";
        };
        ProbeDto: {
            /** @enum {string} */
            status: "ready" | "not-ready";
        };
        ComponentDto: {
            kind: string;
            reachable: boolean;
            /** @description Why it does not answer, or that its file is damaged. */
            error?: string;
            damaged?: string;
        };
        WebhookDelivererDto: {
            /**
             * @description this-process: alone, it delivers; off: LEDGER_WEBHOOKS=off; postgres-lock: the instance holding the lock delivers.
             * @enum {string}
             */
            kind: "this-process" | "off" | "postgres-lock";
            /** @description Whether this instance is the one delivering webhooks now. */
            deliverer: boolean;
        };
        ReadyDto: {
            /** @enum {string} */
            status: "up" | "down";
            eventStore: components["schemas"]["ComponentDto"];
            keyStore: components["schemas"]["ComponentDto"];
            rateLimits: components["schemas"]["ComponentDto"];
            webhooks: components["schemas"]["WebhookDelivererDto"];
            /** @description Running, checkpoint, head, lag, events applied, last error. */
            projection?: {
                [key: string]: unknown;
            };
            /** @description The hash-chain check made at start: status, events, ms. */
            startupVerification?: {
                [key: string]: unknown;
            };
            integrity?: {
                [key: string]: unknown;
            };
            /** @description What the working calendar cannot vouch for yet. */
            warnings?: {
                [key: string]: unknown;
            }[];
            /** @description The signing key: algorithm, keyId, fingerprint. */
            signing?: {
                [key: string]: unknown;
            };
        };
        ProblemTypeDto: {
            /**
             * @description The stable code problem+json answers carry
             * @example unknown-subject
             */
            code: string;
            /**
             * @description The HTTP status it is always answered with
             * @example 404
             */
            status: number;
            /** @example No such person */
            title: string;
        };
        KeyringKeyDto: {
            keyId: string;
            fingerprint: string;
            publicKeyPem: string;
        };
        KeyringDto: {
            format: string;
            keys: components["schemas"]["KeyringKeyDto"][];
        };
        PublicKeyDto: {
            /** @enum {string} */
            algorithm: "Ed25519";
            keyId: string;
            fingerprint: string;
            publicKeyPem: string;
            keyring: components["schemas"]["KeyringDto"];
        };
        CheckpointDto: {
            eventsCovered: number;
            lastEventId: string;
            lastPosition: string;
            logHash: string;
            keyId: string;
            /** @enum {string} */
            algorithm: "Ed25519";
            signature: string;
            eventId: string;
            revision: number;
            position: string;
            recordedAt: string;
        };
        CheckpointsDto: {
            /** @description Newest first. */
            checkpoints: components["schemas"]["CheckpointDto"][];
        };
        CheckpointWrittenDto: {
            eventsCovered: number;
            lastEventId: string;
            lastPosition: string;
            logHash: string;
            keyId: string;
            /** @enum {string} */
            algorithm: "Ed25519";
            signature: string;
            eventId: string;
            position: string;
            /** @description False when the newest checkpoint already covered the log: none was written. */
            written: boolean;
        };
        ProcessingStoppedDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            /** @description The webhook-id (or feed id) of the consent.withdrawn notification this answers; the ledger links it itself when absent. */
            notificationId?: string;
            /** @description Who stopped and how, for the record. */
            note?: string;
        };
        SubjectNotifiedDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description The person’s IIN (12 digits, valid check digit). Never put it in a URL.
             * @example 900101300017
             */
            iin: string;
            /**
             * @description When it happened (may be late within the window, never in the future).
             * @example 2025-03-01T09:30:00+05:00
             */
            occurredAt: string;
            /** @enum {string} */
            channel: "sms" | "email" | "post" | "personal-cabinet" | "egov";
            /** @description The lending core’s reference for the notice sent. */
            reference?: string;
        };
        DeadlineRuleDto: {
            workingDays: number;
            /** @example Law 94-V Art. 8(7) */
            citation: string;
            countedFrom: string;
            nearWithinWorkingDays: number;
            /** @description The working-day calendar: its version and source (or the file it came from), the years it covers, and the stretches not yet confirmed (id, from, to, note) that rows name in calendarUnconfirmed. */
            calendar: {
                [key: string]: unknown;
            };
        };
        ComplianceReportPageDto: {
            /** @enum {string} */
            report: "disclosures-no-longer-covered" | "refused-disclosures" | "refused-withdrawals" | "withdrawal-deadlines" | "notice-deadlines";
            /** @description The ledger clock when the page was made; deadlines stand as of then. */
            generatedAt: string;
            from?: string;
            to: string;
            /** @description The rows of this page, in the order they happened. Deadline rows add deadline, status, workingDaysLeft, closedLate when closed after the deadline (summary: closed-late), and calendarUnknownYears or calendarUnconfirmed where the calendar cannot vouch. Refused-withdrawal rows add refusalHoldsAsKnownNow (summary: refusal-no-longer-holds). */
            rows: {
                [key: string]: unknown;
            }[];
            /** @description Counts over this page's rows (add the pages up for the whole report). */
            summary: {
                [key: string]: number;
            };
            /** @description Deadline reports: the rule and the calendar. */
            rule?: components["schemas"]["DeadlineRuleDto"];
            /** @description Whether more rows follow on later pages (then `next` is set). */
            truncated: boolean;
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next?: string;
            /** @description How fresh the read models were. */
            projection: {
                [key: string]: unknown;
            };
        };
        EraseSubjectDto: {
            /** @description The person’s IIN; or give subjectId. */
            iin?: string;
            /** @description The person’s pseudonym; or give iin. */
            subjectId?: string;
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /**
             * @description court-decision and unlawful-collection erase at once (Law 94-V Art. 18); the others only once retention is over.
             * @enum {string}
             */
            reason: "retention-expired" | "court-decision" | "unlawful-collection" | "subject-request";
            /** @description The court decision or finding; required for court-decision and unlawful-collection. */
            legalReference?: string;
            occurredAt: string;
        };
        ErasureResponseDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            /** @description The person’s key is destroyed: what the log holds sealed about them can no longer be read. */
            keyDestroyed: boolean;
        };
        ErasureSweepDto: {
            /** @description Pseudonyms erased by this sweep. */
            erased: string[];
            keysDestroyed: string[];
        };
        AccessorDto: {
            sub: string;
            role: string;
        };
        AccessEntryDto: {
            eventId: string;
            /** @enum {string} */
            kind: "look" | "miss" | "guessing-reported";
            /** @description Absent for a read across many people. */
            subjectId?: string;
            accessor: components["schemas"]["AccessorDto"];
            view: string;
            parameters: {
                [key: string]: unknown;
            };
            /** @description The stated reason, opened for the auditor; absent once the person is erased. */
            reason?: string;
            reasonWithheld?: boolean;
            /** @description How many records a read across many people showed. */
            records?: number;
            at: string;
        };
        AccessLogPageDto: {
            entries: components["schemas"]["AccessEntryDto"][];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next?: string;
            projection: components["schemas"]["FreshnessDto"];
        };
        AccessReportDto: {
            subjectId: string;
            looks: components["schemas"]["AccessEntryDto"][];
            /** @description Reads across many people since the person’s first record. */
            readsAcrossManyPeople: components["schemas"]["AccessEntryDto"][];
            /** @description Pass as `cursor` for the next page; absent on the last page. */
            next?: string;
            projection: components["schemas"]["FreshnessDto"];
        };
        NotificationDto: {
            /** @description The webhook-id: the same on every delivery and replay. */
            id: string;
            position: string;
            /** @enum {string} */
            type: "consent.withdrawn" | "withdrawal.refused" | "policy.reacceptance-required" | "deadline.approaching" | "deadline.passed" | "subject.erased";
            /** @description When the ledger recorded the fact. */
            timestamp: string;
            /** @description The fact told: the ids, scope, reason or deadline the type carries. */
            data?: {
                eventId: string;
                subjectId?: string;
                occurredAt: string;
                recordedAt: string;
            } & {
                [key: string]: unknown;
            };
        };
        ChangesPageDto: {
            changes: components["schemas"]["NotificationDto"][];
            /** @description Pass back as `after`; absent on an empty log. */
            next?: string;
            /** @description Nothing more in the log after `next`, for now. */
            caughtUp: boolean;
        };
        ConfigureSubscriberDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /** @example https://core.acredit.kz/hooks/consent-ledger */
            url: string;
            eventTypes: ("consent.withdrawn" | "withdrawal.refused" | "policy.reacceptance-required" | "deadline.approaching" | "deadline.passed" | "subject.erased")[];
            /** @description Standard Webhooks secret: whsec_ and 24-64 random bytes in base64. */
            secret: string;
        };
        SubscriberConfiguredDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            subscriberId: string;
            /** @description First 16 hex digits of the SHA-256 of the secret. */
            secretFingerprint: string;
        };
        RemoveDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
        };
        SubscriberCommandDto: {
            /** @description Pseudonym of the person (HMAC of the IIN); use it in query URLs. */
            subjectId?: string;
            /** @description When the ledger recorded the events. */
            recordedAt: string;
            /** @description Opaque log position of the last event; pass it as minPosition to a query to read your own write. */
            position: string;
            /** @description True when this was a retry of an earlier command with the same key: nothing new was written. */
            replayed: boolean;
            events: components["schemas"]["WrittenEventDto"][];
            subscriberId: string;
        };
        ReplayDto: {
            /** @description Idempotency key, if not sent as the Idempotency-Key header. */
            commandId?: string;
            /** @description Send again everything after this position (exclusive); absent: from the start. */
            from?: string;
        };
        DeadlineWatchRunDto: {
            /** @description Alarms recorded by this run (each is raised once). */
            raised: number;
        };
        SubscriberDto: {
            subscriberId: string;
            url: string;
            eventTypes: string[];
            secretFingerprint: string;
            configuredPosition: string;
            configuredAt: string;
            configuredBy: string;
            removedAt?: string;
            /** @description The position a replay asked to start after. */
            replayFrom?: string | null;
            /**
             * @description secret-unavailable: the key sealing its secret is not in the key store, so nothing is signed or sent; deliveries wait
             * @enum {string}
             */
            status: "active" | "retrying" | "failing" | "secret-unavailable" | "removed";
            /** @description The position delivered up to. */
            delivered: string;
            failures: number;
            nextAttemptAt?: string;
        };
        SubscribersDto: {
            subscribers: components["schemas"]["SubscriberDto"][];
        };
        DeliveryAttemptDto: {
            attemptId: number;
            subscriberId: string;
            notificationId: string;
            notificationType: string;
            position: string;
            subjectId?: string;
            attempt: number;
            at: string;
            durationMs: number;
            /** @enum {string} */
            outcome: "delivered" | "failed";
            statusCode?: number;
            error?: string;
            /** @description After a failure: when the notification is tried again. */
            retryAt?: string;
        };
        AttemptsDto: {
            attempts: components["schemas"]["DeliveryAttemptDto"][];
            /** @description Pass as `after` for the next page; absent on the last page. */
            next?: number;
        };
        RowProblemDto: {
            line: number;
            key?: string;
            code: string;
            field?: string;
            message: string;
        };
        ImportReportDto: {
            importId: string;
            dryRun: boolean;
            fileDigest: string;
            rows: number;
            /** @description Written by this run (in a dry run: would be). */
            accepted: number;
            /** @description Written by an earlier run of the same rows: nothing new. */
            alreadyImported: number;
            /** @description Refused by the domain, with its reason: the first 10,000 by line (refusedCount counts them all). */
            refused: components["schemas"]["RowProblemDto"][];
            /** @description How many rows were refused, listed or not. */
            refusedCount: number;
            /** @description Not a valid command, the line and the field: the first 10,000 by line (invalidCount counts them all). */
            invalid: components["schemas"]["RowProblemDto"][];
            /** @description How many rows were invalid, listed or not. */
            invalidCount: number;
        };
        PostalAddressDto: {
            streetAddress: string;
            locality: string;
            region?: string;
            postalCode?: string;
            /** @description ISO 3166-1 alpha-2. */
            country: string;
        };
        OperatorDto: {
            name: string;
            address?: components["schemas"]["PostalAddressDto"];
            bin?: string;
            email?: string;
            phone?: string;
            contact?: string;
            url?: string;
        };
        LabelledDto: {
            code: string;
            label: string;
        };
        LabelledDataCategoryDto: {
            code: string;
            label: string;
            /**
             * @description Where the data comes from (Law 94-V Art. 24(1): the sources of collection).
             * @enum {string}
             */
            source?: "subject" | "automatic" | "third-party";
        };
        LabelledRecipientDto: {
            code: string;
            label: string;
            country?: string;
        };
        ReportWithdrawalDto: {
            withdrawalId: string;
            occurredAt: string;
            /** @description The part withdrawn from this consent. */
            scope: components["schemas"]["WithdrawalScopeDto"];
            /** @description When the withdrawal also reached a purpose a law requires: that purpose’s transfers to third parties, taken back while the lender’s own processing of it goes on (Law 94-V Art. 8(2)). */
            transfersWithdrawn?: components["schemas"]["WithdrawalScopeDto"];
        };
        RecipientCoversDto: {
            recipient: components["schemas"]["LabelledRecipientDto"];
            dataCategories: components["schemas"]["LabelledDto"][];
        };
        CoversDto: {
            purpose: components["schemas"]["LabelledDto"];
            byTheLender: components["schemas"]["LabelledDto"][];
            toRecipients: components["schemas"]["RecipientCoversDto"][];
        };
        ReportConsentDto: {
            consentId: string;
            status: string;
            givenAt: string;
            recordedAt: string;
            collectionMethod: string;
            language: string;
            term: components["schemas"]["TermDto"];
            policyShown: components["schemas"]["PolicyRefDto"];
            purposes: components["schemas"]["LabelledDto"][];
            dataCategories: components["schemas"]["LabelledDataCategoryDto"][];
            recipients: components["schemas"]["LabelledRecipientDto"][];
            /** @description Cross-border transfer allowed now (Law 94-V Art. 7(6), 8(4)(5), 16). */
            crossBorderTransferAllowed: boolean;
            /** @description Publication in public sources allowed now (Law 94-V Art. 7(6), 8(4)(6); policy §7.1). */
            publicationAllowed: boolean;
            /** @description The person asked to be told of each transfer to a third party (Law 94-V Art. 19). */
            notifyOnDisclosure: boolean;
            withdrawals: components["schemas"]["ReportWithdrawalDto"][];
            purposesAchieved: string[];
            covers: components["schemas"]["CoversDto"][];
        };
        ReportAcceptanceDto: {
            policyId: string;
            version: string;
            acceptedAt: string;
            recordedAt: string;
            summary?: string;
            /** @description Where the text the person accepted is published. */
            text?: string;
        };
        LabelledLegalBasisDto: {
            code: string;
            label: string;
            citation?: string;
        };
        ReportBasisDto: {
            /** @enum {string} */
            kind: "consent" | "legal-basis";
            /** @description The consents it rested on. */
            consents?: string[];
            legalBasis?: components["schemas"]["LabelledLegalBasisDto"];
            citation?: string;
        };
        ReportDisclosureDto: {
            disclosureId: string;
            recipient: components["schemas"]["LabelledRecipientDto"];
            purpose: components["schemas"]["LabelledDto"];
            dataCategories: components["schemas"]["LabelledDto"][];
            occurredAt: string;
            crossBorder: boolean;
            basis?: components["schemas"]["ReportBasisDto"];
            notifiedAt?: string;
        };
        ReportReasonDto: {
            code: string;
            message: string;
            citation?: string;
            consentId?: string;
            eventId?: string;
            dataCategories?: string[];
            /** @description The reason explained to the person in the report’s language. */
            explanation?: string;
        };
        ReportRefusedDisclosureDto: {
            disclosureId: string;
            recipient: components["schemas"]["LabelledRecipientDto"];
            purpose: components["schemas"]["LabelledDto"];
            dataCategories: components["schemas"]["LabelledDto"][];
            occurredAt: string;
            reasons?: components["schemas"]["ReportReasonDto"][];
        };
        ReportRefusedWithdrawalDto: {
            withdrawalId: string;
            occurredAt: string;
            /** @description The part refused, purposes labelled. */
            scope: {
                [key: string]: unknown;
            };
            reason: components["schemas"]["ReportReasonDto"];
            /** @description False when the refusal no longer stands as known now: refused for an open loan whose fulfilment, recorded later, is dated before the withdrawal (Law 94-V Art. 8(2)). */
            refusalHoldsAsKnownNow: boolean;
            openLoans: string[];
        };
        ReportRefusalsDto: {
            disclosures: components["schemas"]["ReportRefusedDisclosureDto"][];
            withdrawals: components["schemas"]["ReportRefusedWithdrawalDto"][];
        };
        ReportStorageDto: {
            /** @example Law 94-V Art. 24(1), 18; Law 573-II Art. 23(6) */
            citation: string;
            /** @description Years kept after the relationship ends (no open loan, no consent in force). */
            yearsAfterRelationshipEnds: number;
            /** @description Years kept after the last disclosure to a credit bureau, once there was one. */
            yearsAfterLastCreditBureauDisclosure?: number;
            /** @description When the data may be destroyed; absent while the relationship goes on. */
            keptUntil?: string;
        };
        SubjectReportDto: {
            subjectId: string;
            /** @enum {string} */
            language: "kk" | "ru" | "en";
            issuedAt: string;
            law: string;
            operator: components["schemas"]["OperatorDto"];
            subject: components["schemas"]["ShownIdentityDto"];
            erasedAt?: string;
            consents: components["schemas"]["ReportConsentDto"][];
            policyAcceptances: components["schemas"]["ReportAcceptanceDto"][];
            disclosures: components["schemas"]["ReportDisclosureDto"][];
            refusals: components["schemas"]["ReportRefusalsDto"];
            /** @description Absent once the person is erased. */
            storage?: components["schemas"]["ReportStorageDto"];
            projection: components["schemas"]["FreshnessDto"];
        };
        SubjectReportBodyDto: {
            /**
             * @description Default: the language of the consent the person gave last (by when it was given).
             * @enum {string}
             */
            language?: "kk" | "ru" | "en";
            /** @description A position a command returned: wait (briefly) until the read models include it. */
            minPosition?: string;
            /** @description The person’s IIN; or give subjectId. */
            iin?: string;
            /** @description The person’s pseudonym; or give iin. */
            subjectId?: string;
        };
        Problem: {
            /** @example /problems/unknown-code */
            type: string;
            title: string;
            status: number;
            /**
             * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
             * @enum {string}
             */
            code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
            detail?: string;
            instance?: string;
            errors?: {
                field?: string;
                code?: string;
                message?: string;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    GrantingController_grant: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantConsentDto"];
            };
        };
        responses: {
            /** @description The consent and the acceptance were recorded. */
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GrantConsentResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WithdrawingController_withdraw: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawConsentDto"];
            };
        };
        responses: {
            /** @description Withdrawn (outcome withdrawn), or withdrawn in part with the rest refused (partially-withdrawn). */
            200: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WithdrawalResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused (problem+json): withdrawal-refused with the refusal recorded and its reason, or another rule (withdrawal-before-grant, subject-erased, …) */
            422: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["WithdrawalRefusedProblemDto"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AcceptingPoliciesController_accept: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptPolicyVersionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    LoansController_signed: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoanEventDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    LoansController_fulfilled: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoanEventDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AchievingPurposesController_achieved: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurposesAchievedDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    DisclosuresLogController_list: {
        parameters: {
            query?: {
                recipient?: string;
                subjectId?: string;
                outcome?: "recorded" | "refused";
                /** @description Disclosures that happened at or after this instant. */
                from?: string;
                /** @description Disclosures that happened before this instant. */
                to?: string;
                /** @description Only what the ledger had recorded by then. */
                knownAt?: string;
                /** @description The next cursor of the previous page. */
                cursor?: string;
                /** @description 1-1000, default 200 */
                limit?: number;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of disclosures in the order they happened. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DisclosuresPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    DisclosingController_disclose: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordDisclosureDto"];
            };
        };
        responses: {
            /** @description Recorded, with the basis it rests on. */
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DisclosureResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused (problem+json): disclosure-refused with the refused attempt recorded and its reasons, or another rule (occurred-too-long-ago, subject-erased, …) */
            422: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["DisclosureRefusedProblemDto"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    PublishingPoliciesController_publish: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path: {
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishPolicyVersionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishedPolicyVersionDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ResolveSubjectController_resolve: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveSubjectDto"];
            };
        };
        responses: {
            /** @description { subjectId, known: true } for a person the ledger knows, { known: false } otherwise */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResolvedSubjectDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ConsentStateController_state: {
        parameters: {
            query?: {
                /** @description The moment asked about (ISO-8601 with zone). Default: now. */
                at?: string;
                /** @description Answer as the ledger knew it at this moment. Default: now. */
                knownAt?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consents given by T and known by T′. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentStateDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ConsentCheckController_check: {
        parameters: {
            query: {
                /** @description The moment asked about (ISO-8601 with zone). Default: now. */
                at?: string;
                /** @description Answer as the ledger knew it at this moment. Default: now. */
                knownAt?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                purpose: string;
                /** @description Absent: the lender’s own processing. */
                recipient?: string;
                /** @description In a query string: comma-separated. */
                dataCategories: string[];
                /** @description A legal basis other than consent to check instead. */
                legalBasis?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description allowed, the basis (consents per category, or the legal basis), reasons when not, and the events behind it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckAnswerDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ConsentCheckController_checkByBody: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckBodyDto"];
            };
        };
        responses: {
            /** @description As GET /v1/subjects/{subjectId}/check. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckAnswerDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ConsentMatrixController_matrix: {
        parameters: {
            query?: {
                /** @description The moment asked about (ISO-8601 with zone). Default: now. */
                at?: string;
                /** @description Answer as the ledger knew it at this moment. Default: now. */
                knownAt?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    TimelineController_timeline: {
        parameters: {
            query?: {
                /** @description Only what the ledger had recorded by then. Default: everything. */
                knownAt?: string;
                /** @description Continue after this stream revision (nextAfterRevision of the previous page). */
                afterRevision?: number;
                /** @description Page size, 1-1000 (default 200). */
                limit?: number;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the timeline. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ConsentReceiptController_receipt: {
        parameters: {
            query?: {
                /** @description The moment asked about (ISO-8601 with zone). Default: now. */
                at?: string;
                /** @description Answer as the ledger knew it at this moment. Default: now. */
                knownAt?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
                consentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The receipt as of now, or about `at` as known at `knownAt` (issued at `knownAt`): Kantara Consent Receipt v1.1 fields (their own schema, kantara-consent-receipt-v1_1), the ISO/IEC TS 27560 record under iso27560, what Law 94-V Art. 8(4) asks under law94v, and the ledger’s signature over it (publicKey, proof; `audit verify-receipt` checks it offline). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: string;
                        /** @enum {string} */
                        jurisdiction: "KZ";
                        /** @description Epoch seconds of when the consent was given (its occurredAt). */
                        consentTimestamp: number;
                        collectionMethod: string;
                        consentReceiptID: string;
                        /** @enum {string} */
                        language: "kk" | "ru";
                        /** @description The person’s pseudonym, never the IIN. */
                        piiPrincipalId: string;
                        piiControllers: {
                            [key: string]: unknown;
                        }[];
                        policyUrl: string;
                        services: {
                            [key: string]: unknown;
                        }[];
                        sensitive: boolean;
                        spiCat: string[];
                        /** @description The ISO/IEC TS 27560 consent record. */
                        iso27560: {
                            [key: string]: unknown;
                        };
                        /** @description What Law 94-V Art. 8(4) asks a consent to state. */
                        law94v: {
                            [key: string]: unknown;
                        };
                        /** @description The ledger’s Ed25519 public key that signed `proof`. */
                        publicKey: string;
                        /** @description The signed digests of the receipt’s parts. */
                        proof: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CatalogueController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogue, with its version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    PoliciesController_list: {
        parameters: {
            query?: {
                /** @description The moment asked about (ISO-8601 with zone). Default: now. */
                at?: string;
                /** @description Answer as the ledger knew it at this moment. Default: now. */
                knownAt?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policies as known at T′. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PoliciesDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    PoliciesController_one: {
        parameters: {
            query?: {
                /** @description The moment asked about (ISO-8601 with zone). Default: now. */
                at?: string;
                /** @description Answer as the ledger knew it at this moment. Default: now. */
                knownAt?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: never;
            path: {
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy as known at T′. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PoliciesDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiveDto"];
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    HealthController_probe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description { "status": "ready" }; 503 { "status": "not-ready" } otherwise. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProbeDto"];
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description { "status": "not-ready" } */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProbeDto"];
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready; 503 when a store does not answer or the projections have stopped or fail. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadyDto"];
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready: { "status": "down", … } with the reasons */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadyDto"];
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ProblemsController_all: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemTypeDto"][];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ProblemsController_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemTypeDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    IntegrityController_publicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicKeyDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    IntegrityController_publicKeyPem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key in PEM. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-pem-file": string;
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    IntegrityController_checkpoints: {
        parameters: {
            query?: {
                /** @description Newest N checkpoints (1-500, default 20). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointsDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    IntegrityController_checkpointNow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointWrittenDto"];
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ExportController_log: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON: header, events with signed marks, then a signed seal (or a signed error record: incomplete). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ExportController_subject: {
        parameters: {
            query?: {
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON: header, the person’s events and the policy versions, then a signed seal. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ExportController_period: {
        parameters: {
            query: {
                /** @description Events recorded at or after this instant. */
                from: string;
                /** @description Events recorded before this instant. */
                to: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON: header, the period’s events and checkpoints, then a signed seal. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ClosingDeadlinesController_stopped: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path: {
                withdrawalId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProcessingStoppedDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ClosingDeadlinesController_notified: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path: {
                disclosureId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectNotifiedDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ComplianceReportsController_noLongerCovered: {
        parameters: {
            query?: {
                /** @description What happened at or after this instant. Default: the beginning. */
                from?: string;
                /** @description What happened before this instant. Default: now. */
                to?: string;
                /** @description Deadlines: "due soon" within this many working days (default LEDGER_DEADLINE_NEAR_WORKING_DAYS, 3 unless set: when the deadline watch calls it approaching). */
                nearWithin?: number;
                /** @description Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, closed-late, calendar-unknown (default due-soon,overdue,calendar-unknown). closed-late: the closed rows closed after their deadline (closedLate). calendar-unknown: the count reaches a year the working-day calendar does not cover, so no deadline is given. */
                status?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                /** @description Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last row. Pages follow the order the rows happened in (then event id), so none is repeated or skipped. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows, with the reasons as known now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceReportPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ComplianceReportsController_refusedDisclosures: {
        parameters: {
            query?: {
                /** @description What happened at or after this instant. Default: the beginning. */
                from?: string;
                /** @description What happened before this instant. Default: now. */
                to?: string;
                /** @description Deadlines: "due soon" within this many working days (default LEDGER_DEADLINE_NEAR_WORKING_DAYS, 3 unless set: when the deadline watch calls it approaching). */
                nearWithin?: number;
                /** @description Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, closed-late, calendar-unknown (default due-soon,overdue,calendar-unknown). closed-late: the closed rows closed after their deadline (closedLate). calendar-unknown: the count reaches a year the working-day calendar does not cover, so no deadline is given. */
                status?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                /** @description Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last row. Pages follow the order the rows happened in (then event id), so none is repeated or skipped. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows in the order they happened; follow `next` (as `cursor`) for the rest. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceReportPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ComplianceReportsController_refusedWithdrawals: {
        parameters: {
            query?: {
                /** @description What happened at or after this instant. Default: the beginning. */
                from?: string;
                /** @description What happened before this instant. Default: now. */
                to?: string;
                /** @description Deadlines: "due soon" within this many working days (default LEDGER_DEADLINE_NEAR_WORKING_DAYS, 3 unless set: when the deadline watch calls it approaching). */
                nearWithin?: number;
                /** @description Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, closed-late, calendar-unknown (default due-soon,overdue,calendar-unknown). closed-late: the closed rows closed after their deadline (closedLate). calendar-unknown: the count reaches a year the working-day calendar does not cover, so no deadline is given. */
                status?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                /** @description Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last row. Pages follow the order the rows happened in (then event id), so none is repeated or skipped. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows in the order they happened; follow `next` (as `cursor`) for the rest. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceReportPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ComplianceReportsController_withdrawalDeadlines: {
        parameters: {
            query?: {
                /** @description What happened at or after this instant. Default: the beginning. */
                from?: string;
                /** @description What happened before this instant. Default: now. */
                to?: string;
                /** @description Deadlines: "due soon" within this many working days (default LEDGER_DEADLINE_NEAR_WORKING_DAYS, 3 unless set: when the deadline watch calls it approaching). */
                nearWithin?: number;
                /** @description Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, closed-late, calendar-unknown (default due-soon,overdue,calendar-unknown). closed-late: the closed rows closed after their deadline (closedLate). calendar-unknown: the count reaches a year the working-day calendar does not cover, so no deadline is given. */
                status?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                /** @description Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last row. Pages follow the order the rows happened in (then event id), so none is repeated or skipped. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows in the order they happened; follow `next` (as `cursor`) for the rest. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceReportPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ComplianceReportsController_noticeDeadlines: {
        parameters: {
            query?: {
                /** @description What happened at or after this instant. Default: the beginning. */
                from?: string;
                /** @description What happened before this instant. Default: now. */
                to?: string;
                /** @description Deadlines: "due soon" within this many working days (default LEDGER_DEADLINE_NEAR_WORKING_DAYS, 3 unless set: when the deadline watch calls it approaching). */
                nearWithin?: number;
                /** @description Deadlines: which to list, comma-separated from open, due-soon, overdue, closed, closed-late, calendar-unknown (default due-soon,overdue,calendar-unknown). closed-late: the closed rows closed after their deadline (closedLate). calendar-unknown: the count reaches a year the working-day calendar does not cover, so no deadline is given. */
                status?: string;
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                /** @description Rows per page, 1-10000 (default 1000). Every row is reachable: follow `next` until it is absent. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last row. Pages follow the order the rows happened in (then event id), so none is repeated or skipped. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows in the order they happened; follow `next` (as `cursor`) for the rest. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ComplianceReportPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ErasureController_erase: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EraseSubjectDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureResponseDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a rule, with the reason (problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ErasureController_sweep: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Who this sweep erased, and whose keys it destroyed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureSweepDto"];
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AccessLogController_log: {
        parameters: {
            query?: {
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                subjectId?: string;
                /** @description Only looks by this token subject. */
                accessor?: string;
                from?: string;
                to?: string;
                /** @description 1-5000, default 500. Follow `next` for the rest. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last entry. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries with the stated reasons. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLogPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AccessLogController_report: {
        parameters: {
            query?: {
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
                /** @description 1-5000, default 1000: entries of both lists together. Follow `next` for the rest. */
                limit?: number;
                /** @description The `next` value of the previous page: continue after its last entry. */
                cursor?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessReportDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    MetricsController_scrape: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counters, gauges and histograms; labels hold route patterns and codes only. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ChangesController_changes: {
        parameters: {
            query?: {
                /** @description The `next` of the previous page (exclusive); absent: from the start. */
                after?: string;
                /** @description 1-1000, default 100 */
                limit?: number;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangesPageDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description after is one past the end of the log (code position-not-in-log) (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_subscribers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscribersDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_configure: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfigureSubscriberDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriberConfiguredDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_remove: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path: {
                subscriberId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RemoveDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriberCommandDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such subscriber, or one removed (code unknown-webhook-subscriber) (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_replay: {
        parameters: {
            query?: never;
            header?: {
                /** @description Or send commandId in the body. Required one way or the other (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit. The same key with the same body answers the first answer again. */
                "Idempotency-Key"?: string;
            };
            path: {
                subscriberId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplayDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description `true` when this is the first answer again, for a retry with the same Idempotency-Key */
                    "idempotent-replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriberCommandDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description no such subscriber, or one removed (code unknown-webhook-subscriber), or from is one past the end of the log (code position-not-in-log) (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_deadlineWatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadlineWatchRunDto"];
                };
            };
            /** @description A header (X-Correlation-Id, X-Access-Reason) or query parameter holding an IIN (problem+json, code iin-in-free-text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_attempts: {
        parameters: {
            query?: {
                subscriberId?: string;
                notificationId?: string;
                outcome?: "delivered" | "failed";
                /** @description The last attemptId of the previous page. */
                after?: number;
                /** @description 1-1000, default 200 */
                limit?: number;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttemptsDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description subscriberId names no subscriber the ledger ever had (problem+json, code unknown-webhook-subscriber) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ImportsController_import: {
        parameters: {
            query?: {
                /** @description Decide every row and report; write nothing. */
                dryRun?: "true" | "false";
            };
            header: {
                /** @description Names the import (else 400 idempotency-key-required); 1-128 characters of A-Z a-z 0-9 _ . : -, the first a letter or digit */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description The file, in UTF-8, uncompressed: NDJSON (a row per line, each the body of the matching command with a key and a kind) or CSV (a header row naming its columns). Streamed: no size limit; a row larger than LEDGER_BODY_LIMIT_BYTES is reported invalid (too-large). Formats: docs/notifications-and-imports.md. */
        requestBody: {
            content: {
                "application/x-ndjson": string;
                "text/csv": string;
            };
        };
        responses: {
            /** @description The report: accepted, alreadyImported, refused (with the reason), invalid (line, field). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReportDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: already recorded, or idempotency key reused with another body (problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    SubjectReportController_bySubject: {
        parameters: {
            query?: {
                /** @description Default: the language of the consent the person gave last (by when it was given). */
                language?: "kk" | "ru" | "en";
                /** @description A position a command returned: wait (briefly) until the read models include it. */
                minPosition?: string;
            };
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path: {
                subjectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report as of now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectReportDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    SubjectReportController_byBody: {
        parameters: {
            query?: never;
            header?: {
                /** @description Why you look at this personal data; recorded in the access log. Required for the support role (else 400 access-reason-required). One line, at most 500 characters; percent-encode non-ASCII text. Never an IIN. */
                "X-Access-Reason"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectReportBodyDto"];
            };
        };
        responses: {
            /** @description As GET /v1/subjects/{subjectId}/report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectReportDto"];
                };
            };
            /** @description Invalid request (problem+json, code invalid-request, unknown-code, occurred-in-future, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or a token refused (problem+json, code unauthenticated; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description Bearer realm="consent-ledger"; error="invalid_token" when a token was sent and refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token holds none of the roles this route allows (problem+json, code forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown person, consent, loan or policy version (problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        /** @example /problems/unknown-code */
                        type: string;
                        title: string;
                        status: number;
                        /**
                         * @description Stable machine-readable code; GET /problems/{code} (the `type`) says what it means
                         * @enum {string}
                         */
                        code: "invalid-request" | "iin-in-free-text" | "malformed-json" | "unknown-code" | "occurred-in-future" | "term-ends-before-grant" | "empty-scope" | "purpose-not-in-consent" | "idempotency-key-required" | "idempotency-key-mismatch" | "known-at-in-future" | "invalid-instant" | "invalid-local-date" | "invalid-calendar" | "invalid-working-days" | "invalid-weekend" | "invalid-bin" | "legal-reference-required" | "invalid-retention-rules" | "receipt-before-fact" | "receipt-policy-mismatch" | "unauthenticated" | "forbidden" | "csrf-token-invalid" | "local-sign-in-off" | "sign-in-failed" | "console-not-built" | "access-reason-required" | "unknown-subject" | "unknown-consent" | "unknown-loan" | "unknown-policy" | "unknown-policy-version" | "nothing-to-withdraw" | "unknown-withdrawal" | "unknown-notice" | "position-not-in-log" | "unknown-webhook-subscriber" | "route-not-found" | "method-not-allowed" | "request-timeout" | "idempotency-key-reused" | "consent-exists" | "policy-version-exists" | "subject-already-erased" | "webhook-subscriber-exists" | "concurrent-modification" | "payload-too-large" | "uri-too-long" | "unsupported-media-type" | "notification-mismatch" | "withdrawal-refused" | "disclosure-refused" | "occurred-too-long-ago" | "policy-text-missing" | "policy-not-yet-published" | "policy-effective-before-current" | "policy-effective-before-publication" | "withdrawal-before-grant" | "fulfilled-before-signed" | "achieved-before-grant" | "subject-erased" | "retention-not-over" | "stopped-before-withdrawal" | "notified-before-disclosure" | "erasure-before-last-fact" | "too-many-requests" | "headers-too-large" | "internal-error" | "store-unavailable" | "integrity-failure" | "read-models-ahead-of-log" | "identity-provider-unavailable" | "shutting-down" | "store-outcome-unknown";
                        detail?: string;
                        instance?: string;
                        errors?: {
                            field?: string;
                            code?: string;
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description The body is larger than LEDGER_BODY_LIMIT_BYTES (problem+json, code payload-too-large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a media type this route reads (problem+json, code unsupported-media-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Past a rate limit (problem+json, code too-many-requests; Retry-After) */
            429: {
                headers: {
                    /** @description Seconds until the budget allows another request */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider’s keys cannot be fetched, or the ledger cannot vouch for its store (problem+json) */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying, when the ledger can tell (a store failure, shutting down) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
