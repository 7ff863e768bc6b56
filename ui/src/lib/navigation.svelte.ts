// Which screen the window shows. Only ready screens can be opened.

import { screen, type ScreenId } from "./screens";

export const navigation: { current: ScreenId } = $state({ current: "welcome" });

export function open(id: ScreenId): boolean {
  if (!screen(id).ready) return false;
  navigation.current = id;
  return true;
}
