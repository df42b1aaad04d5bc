/** The partners port: what the domain and the admin tools need of `partners/{id}`, however it is stored. */

export type PartnerStatus = "active" | "suspended";

export interface Partner {
  id: string;
  /** Any stored status other than "active" reads as "suspended": an unknown state grants nothing. */
  status: PartnerStatus;
  /** Requests allowed per UTC day (`dailyRequestQuota`); null, or anything but a whole number ≥ 0: unlimited. */
  dailyRequestQuota: number | null;
}

export interface PartnersRepository {
  getPartner(partnerId: string): Promise<Partner | null>;
  /** Every partner, by id. */
  listPartners(): Promise<Partner[]>;
  /**
   * Creates the partner unless it exists, never overwriting one (two concurrent grants create it once);
   * true when this call created it. A new partner has no quota.
   */
  createPartner(partner: Pick<Partner, "id" | "status">): Promise<boolean>;
  /** Sets an existing partner's status: an admin suspending or reinstating it. */
  setPartnerStatus(partnerId: string, status: PartnerStatus): Promise<void>;
  /** Sets or (null) removes an existing partner's daily request quota. */
  setDailyRequestQuota(partnerId: string, quota: number | null): Promise<void>;
}
