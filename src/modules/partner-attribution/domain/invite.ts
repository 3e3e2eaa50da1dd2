/** The Invite webhook's body fields (contract §1.4) and its four answers. */
export interface InviteDelivery {
  invitedUserId: number;
  partnerUserId: number;
  brokerPartnerId?: string;
}

export type BrokerResult = 'ATTRIBUTED_NEW' | 'ATTRIBUTED' | 'REATTRIBUTED' | 'PENDING_ATTRIBUTION';

export interface InviteAnswer {
  brokerPartnerId: string;
  brokerResult: BrokerResult;
}
