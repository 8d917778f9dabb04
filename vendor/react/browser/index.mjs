import { createContext, createElement, useContext, useState } from "preact/compat";
import createStableIds from "../stable-id.cjs";

export * from "preact/compat";
export const { useId, IdScope } = createStableIds({ createContext, createElement, useContext, useState });
