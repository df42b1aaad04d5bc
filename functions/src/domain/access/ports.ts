/** The partners port: what the domain and the admin tools need of `partners/{id}`, however it is stored. */

export type PartnerStatus = "active" | "suspended";

export interface Partner {
  id: string;
  /** Any stored status other than "active" reads as "suspended": an unknown state grants nothing. */
  status: PartnerStatus;
}

export interface PartnersRepository {
  getPartner(partnerId: string): Promise<Partner | null>;
  /**
   * Creates the partner unless it exists, never overwriting one (two concurrent grants create it once);
   * true when this call created it.
   */
  createPartner(partner: Partner): Promise<boolean>;
  /** Sets an existing partner's status: an admin suspending or reinstating it. */
  setPartnerStatus(partnerId: string, status: PartnerStatus): Promise<void>;
}
