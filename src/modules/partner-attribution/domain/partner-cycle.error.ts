/** A move that would put a partner under itself or under one of its own descendants (cycles are refused). */
export class PartnerCycleError extends Error {
  constructor(
    readonly partnerRef: number,
    readonly newParentRef: number,
  ) {
    super(`partner ${newParentRef} is ${partnerRef === newParentRef ? 'the partner itself' : 'in the subtree of'} ${partnerRef}`);
    this.name = 'PartnerCycleError';
  }
}
