/** The partners port: what the domain needs to know about `partners/{id}`, however it is stored. */

export type PartnerStatus = "active" | "suspended";

export interface Partner {
  id: string;
  /** Any stored status other than "active" reads as "suspended": an unknown state grants nothing. */
  status: PartnerStatus;
}

export interface PartnersRepository {
  getPartner(partnerId: string): Promise<Partner | null>;
}
