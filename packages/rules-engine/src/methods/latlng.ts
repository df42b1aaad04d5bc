// rules.LatLng — https://firebase.google.com/docs/reference/rules/rules.LatLng
// rules.latlng namespace — https://firebase.google.com/docs/reference/rules/rules.latlng_
import { RuleError } from "../errors.js";
import { LatLngValue } from "../values.js";
import { arity, num, type MethodTable } from "./args.js";

/** Mean Earth radius used by S2, the geometry library behind Google's geo types. */
const EARTH_RADIUS_M = 6_371_010;

export const latLngMethods: MethodTable<LatLngValue> = {
  latitude: (p, a) => (arity("latitude", a, 0), p.latitude),
  longitude: (p, a) => (arity("longitude", a, 0), p.longitude),
  distance: (p, a) => {
    arity("distance", a, 1);
    const q = a[0];
    if (!(q instanceof LatLngValue)) throw new RuleError("distance() expects a latlng");
    return haversine(p, q);
  },
};

function haversine(p: LatLngValue, q: LatLngValue): number {
  const rad = Math.PI / 180;
  const dLat = (q.latitude - p.latitude) * rad;
  const dLng = (q.longitude - p.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(p.latitude * rad) * Math.cos(q.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const latLngNamespace: MethodTable<null> = {
  value: (_, a) => {
    arity("latlng.value", a, 2);
    const lat = num("latlng.value", a[0]);
    const lng = num("latlng.value", a[1]);
    if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) {
      throw new RuleError("latlng.value(): latitude must be in [-90, 90] and longitude in [-180, 180]");
    }
    return new LatLngValue(lat, lng);
  },
};
