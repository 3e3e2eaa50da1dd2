/** The jobs and audit pages' strings (English, as the back-office shell: staff write English). */
export const STAFF_PAGES_TRANSLATIONS = {
  en: {
    staffPages: {
      filter: 'Filter',
      older: 'Older',
      jobs: {
        title: 'Jobs',
        state: 'State',
        states: { all: 'All', pending: 'Pending', running: 'Running', succeeded: 'Succeeded', dead: 'Dead', cancelled: 'Cancelled' },
        kind: 'Kind',
        attempts: 'Attempts',
        lastError: 'Last error',
        created: 'Created / updated',
        payload: 'Payload',
        none: 'No jobs in this state.',
        retry: 'Retry',
        cancel: 'Cancel',
        retried: 'The {{kind}} job is pending again.',
        cancelled: 'The {{kind}} job is cancelled.',
      },
      audit: {
        title: 'Audit log',
        person: 'Person',
        personHint: 'staff email or key id',
        broker: 'Broker',
        anyBroker: 'Any broker',
        action: 'Action',
        from: 'From (UTC)',
        to: 'To (UTC)',
        when: 'When',
        target: 'Target',
        details: 'Details',
        none: 'No events match.',
      },
    },
  },
};
